import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = resolve(__dirname, '../../..');
export const OSLS = join(REPO_ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');

/**
 * Runs `osls package --stage <stage> --package <dir>` offline (no AWS account) and resolves when done.
 * serverless-esbuild leaves staging folders in os.tmpdir(), so the child's TMPDIR is `<scratch>/tmp`.
 *
 * @example
 * await packageService({ scratchDir, stage: 'dev', env: { PIPEGATE_CONFIG: 'other.yaml' } });
 */
export const packageService = async (options: {
  scratchDir: string;
  stage?: string;
  env?: Record<string, string>;
  /** More osls options, e.g. `--param=configFile=…`. */
  args?: string[];
}): Promise<{ packageDir: string; output: string }> => {
  const packageDir = join(options.scratchDir, 'package');
  const childTmp = join(options.scratchDir, 'tmp');
  mkdirSync(childTmp, { recursive: true });
  const { stdout, stderr } = await run(
    process.execPath,
    [OSLS, 'package', '--stage', options.stage ?? 'dev', '--package', packageDir, ...(options.args ?? [])],
    {
      cwd: REPO_ROOT,
      // osls never calls AWS while packaging; dummy credentials keep any SDK credential lookup from wandering.
      env: {
        ...process.env,
        TMPDIR: childTmp,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'eu-west-1',
        ...options.env,
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return { packageDir, output: `${stdout}${stderr}` };
};
