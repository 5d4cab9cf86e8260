import { type ChildProcess, fork } from 'node:child_process';
import type { RunningDynalite } from './start-dynalite';

/**
 * Runs dynalite in its own process, so it gets its own core the way DynamoDB is its own service; used by
 * `npm start` and the benchmarks (tests use the in-process server for speed of setup).
 */
export const startDynaliteProcess = async (
  options: { port?: number; path?: string } = {},
): Promise<RunningDynalite> => {
  const child: ChildProcess = fork(require.resolve('./dynalite-main.cjs'), [], {
    env: { ...process.env, DYNALITE_PORT: String(options.port ?? 0), DYNALITE_PATH: options.path ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dynalite exited with code ${code}`)));
    child.once('message', (message) => resolve(String((message as { endpoint: string }).endpoint)));
  });
  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};
