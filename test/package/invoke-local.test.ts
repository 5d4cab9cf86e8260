import { spawn } from 'node:child_process';
import { type LocalStack, startLocalStack } from '../../local/stack';
import { OSLS, REPO_ROOT } from './support/package-service';

// `npx osls invoke local -f ingest -p events/<fixture>` as events/README.md documents it: the real
// serverless.yml, bundled by serverless-esbuild, run against the local stack's endpoints.

const fixture = 'events/codepipeline/pipeline-started-git.json';
const executionId = 'b6d8f0a2-4c7e-4a19-8b3d-5f7a9c1e3b5d';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ tableName: 'pipegate-invoke-local' });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** Runs osls as a child process (async, so this process's stand-ins keep answering) and collects its output. */
const runOsls = (args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OSLS, ...args], { cwd: REPO_ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });

describe('osls invoke local', () => {
  it('runs ingest on a fixture against the local stack and records the execution', async () => {
    // Prepare: the shell of someone who ran `npm start` and sourced .local-data/local-stack.env.
    const env = { ...process.env, ...stack.env, POWERTOOLS_LOG_LEVEL: 'WARN' };

    // Act
    const run = await runOsls(['invoke', 'local', '-f', 'ingest', '-p', fixture], env);

    // Assess
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    expect(await stack.history.getSummary(executionId)).toMatchObject({ pipeline: expect.any(String) });
  }, 180_000);

  it('names the stack-provided variables the shell must set instead of calling AWS', async () => {
    // Prepare
    const env = { ...process.env, PIPEGATE_TABLE: '', PIPEGATE_TOPIC_ARN: '', PIPEGATE_PUBLIC_URL: '' };

    // Act
    const run = await runOsls(['invoke', 'local', '-f', 'ingest', '-p', fixture], env);

    // Assess
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('PIPEGATE_TABLE (deployed: {"Ref":"PipegateTable"})');
  }, 120_000);
});
