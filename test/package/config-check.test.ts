import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const osls = join(repoRoot, 'node_modules', 'osls', 'bin', 'serverless.js');

describe('osls package with a bad pipegate.config.yaml', () => {
  it('refuses to package, naming the field and why', () => {
    // Prepare
    const packageDir = mkdtempSync(join(tmpdir(), 'pipegate-bad-config-'));
    const env = {
      ...process.env,
      PIPEGATE_CONFIG: 'test/fixtures/config/invalid/bad-state.yaml',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };

    // Act
    const run = spawnSync(process.execPath, [osls, 'package', '--stage', 'dev', '--package', packageDir], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    rmSync(packageDir, { recursive: true, force: true });

    // Assess
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain(
      'routes[1].match.states[0]: "FAILD" is not a CodePipeline state',
    );
  }, 130_000);
});
