import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'pipegate.cjs');

const pipegate = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 45_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });

describe('pipegate config check', () => {
  it('accepts a valid file', async () => {
    // Prepare
    const file = 'test/fixtures/config/valid/full.yaml';

    // Act
    const run = await pipegate(['config', 'check', file]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`✔ ${file} is valid`);
  });

  it('refuses a bad file with exit code 2, naming the field and why', async () => {
    // Prepare
    const file = 'test/fixtures/config/invalid/bad-state.yaml';

    // Act
    const run = await pipegate(['config', 'check', file]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('routes[1].match.states[0]: "FAILD" is not a CodePipeline state');
  });
});
