import { execFile } from 'node:child_process';
import { join } from 'node:path';

// Each case starts a real process (node running the built bin/pipegate.cjs), so allow for a slow machine.

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'pipegate.cjs');

/** The environment of a laptop outside the stack: PIPEGATE_TOPIC_ARN is not set. */
const { PIPEGATE_TOPIC_ARN: _unset, ...LOCAL_ENV } = process.env;

const pipegate = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: LOCAL_ENV, timeout: 100_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });

describe('pipegate config check', () => {
  it('accepts a valid file, with a placeholder for the stack-provided topic ARN', async () => {
    // Prepare
    const file = 'test/fixtures/config/valid/full.yaml';

    // Act
    const run = await pipegate(['config', 'check', file]);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`✔ ${file} is valid`);
  });

  it('explains that the shipped shared mailbox is informed only, and how self-approval is checked', async () => {
    // Act
    const run = await pipegate(['config', 'check', 'pipegate.config.yaml']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('informed only (no links, cannot decide): release-managers@example.com');
    expect(run.stdout).not.toMatch(/by personal email link[^\n]*release-managers/);
    expect(run.stdout).toContain('git author data is not authentication');
  });

  it('warns when an address that looks shared can decide', async () => {
    // Act
    const run = await pipegate(['config', 'check', 'test/fixtures/config/valid/shared-mailbox.yaml']);

    // Assess
    expect(run.stdout).toContain(
      '⚠ release-managers@example.com is under emails but looks like a shared mailbox',
    );
    expect(run.stdout).not.toContain('⚠ jane@example.com');
  });

  it('refuses a bad file with exit code 2, naming the field and why', async () => {
    // Prepare
    const file = 'test/fixtures/config/invalid/bad-state.yaml';

    // Act
    const run = await pipegate(['config', 'check', file]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file} is not valid`);
    expect(run.stderr).toContain('routes[1].match.states[0]: "FAILD" is not a CodePipeline state');
  });

  it('refuses unbalanced globs with the reason (picomatch would take them and match nothing)', async () => {
    // Prepare
    const file = 'test/fixtures/config/invalid/unbalanced-glob.yaml';

    // Act
    const run = await pipegate(['config', 'check', file]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('routes[0].match.pipelines[0]: "prod-{api,web" has an unclosed "{"');
    expect(run.stderr).toContain('approvals[0].match.pipelines[0]: "prod-[api" has an unclosed "["');
  });
});
