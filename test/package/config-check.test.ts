import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OSLS, REPO_ROOT } from './support/package-service';

describe('osls package with a bad bundled config', () => {
  it('refuses to package the file it would bundle, naming the field and why', () => {
    // Prepare: the bundled file (and the functions' PIPEGATE_CONFIG) is the bad one; the packager's own
    // PIPEGATE_CONFIG names a good file, which must not be what gets checked.
    const packageDir = mkdtempSync(join(tmpdir(), 'pipegate-bad-config-'));
    const env = {
      ...process.env,
      PIPEGATE_CONFIG: 'pipegate.config.yaml',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    const args = ['package', '--stage', 'dev', '--package', packageDir];
    const bundled = '--param=configFile=test/fixtures/config/invalid/bad-state.yaml';

    // Act
    const run = spawnSync(process.execPath, [OSLS, ...args, bundled], {
      cwd: REPO_ROOT,
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

  it('refuses a topic whose ARN the functions would not have, even when the packaging shell has it', () => {
    // Prepare: missing-env.yaml names topic `oncall` as ${env:ONCALL_TOPIC_ARN}, which serverless.yml does not
    // give the functions; the shell running osls has it, which must not make the check pass.
    const packageDir = mkdtempSync(join(tmpdir(), 'pipegate-missing-topic-'));
    const env = {
      ...process.env,
      ONCALL_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:oncall',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    const args = ['package', '--stage', 'dev', '--package', packageDir];
    const bundled = '--param=configFile=test/fixtures/config/invalid/missing-env.yaml';

    // Act
    const run = spawnSync(process.execPath, [OSLS, ...args, bundled], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    rmSync(packageDir, { recursive: true, force: true });

    // Assess
    expect(run.status).not.toBe(0);
    const output = `${run.stdout}${run.stderr}`;
    expect(output).toContain('environment variable ONCALL_TOPIC_ARN is not set');
    expect(output).toContain('add the variable under provider.environment');
  }, 130_000);
});
