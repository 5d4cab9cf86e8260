import { createServer } from 'node:net';
import { DEFAULT_CONFIG_FILE } from '../shared/config/config-file';
import { configFromEnv } from '../shared/config/load-config';
import { PipegateError } from '../shared/errors';
import { isProcessAlive, readStackState } from './stack-state';

// What `npm start` checks before it touches anything (the data directory above all): a second start must not
// wipe the data of the stack that is running, and a bad config must stop it with one message, not a log flood.

/** A start that cannot go ahead; `message` is the whole story for the terminal. */
export class StartRefused extends Error {
  override readonly name = 'StartRefused';
}

/** Refuses when the stack recorded in `statePath` still runs: it uses the same data directory. */
export const checkNoRunningStack = (statePath: string, dataDir: string): void => {
  const running = readStackState(statePath);
  if (!running || !isProcessAlive(running.pid)) return;
  throw new StartRefused(
    `a pipegate local stack is already running (pid ${running.pid}, ${running.webUrl}) and uses ${dataDir}.
Stop it first (Ctrl-C in its terminal), or use it: the web page and \`npx pipegate\` work with it as it is.
Nothing was changed.`,
  );
};

/** Refuses when `port` is taken (probed on the address the local API binds), naming PORT. */
export const checkPortFree = async (port: number): Promise<void> => {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE' ? 'is in use by another program' : `cannot be used (${error.code})`;
      reject(
        new StartRefused(
          `port ${port} ${why}: stop that program, or start on another port: PORT=${port + 1} npm start
Nothing was changed.`,
        ),
      );
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
};

/** Variables the local stack sets itself once it runs; placeholders of the right shape stand in for the check. */
const STACK_PROVIDED = {
  PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:000000000000:pipegate-local',
  PIPEGATE_TABLE: 'pipegate-local',
  PIPEGATE_PUBLIC_URL: 'http://localhost:3000',
};

/** Validates the config the functions will load (PIPEGATE_CONFIG, else pipegate.config.yaml), once. */
export const checkConfig = (env: Record<string, string | undefined>): void => {
  try {
    configFromEnv({ ...STACK_PROVIDED, ...env });
  } catch (error) {
    if (!(error instanceof PipegateError) || error.code !== 'INVALID_CONFIG') throw error;
    const file = env.PIPEGATE_CONFIG || DEFAULT_CONFIG_FILE;
    throw new StartRefused(
      `${file} is not valid, so the stack was not started:
${error.message}
Fix the file (\`npx pipegate config check ${file}\` checks it), or unset PIPEGATE_CONFIG to use the bundled one.`,
    );
  }
};
