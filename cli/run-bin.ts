import { join } from 'node:path';
import { isProcessAlive, localDataDir, readStackState, stackStatePath } from '../local/stack-state';
import { localStackEnv } from './local-stack-env';
import { runCli } from './main';

// The entry esbuild compiles into bin/pipegate.cjs (`npm run build:cli`): plain JavaScript needing only the
// production dependencies, so `npx pipegate` starts fast from `npm ci --omit=dev` and never fetches tsx.

// Lambda runs Node 22+; the SDK's Node 20 deprecation notice is noise for an operator's terminal.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `pipegate … | head` closes stdout early; that is not a failure.
  if (error.code === 'EPIPE') process.exit(0);
});

const main = async (): Promise<number> => {
  // bin/pipegate.cjs (and cli/run-bin.ts) sit one folder below the repository root.
  const statePath = stackStatePath(localDataDir(process.env, join(__dirname, '..')));
  const io = { env: process.env, out: process.stdout, err: process.stderr, now: () => new Date() };
  try {
    const env = localStackEnv(process.env, readStackState(statePath), isProcessAlive);
    return await runCli(process.argv, { ...io, env });
  } catch (error) {
    process.stderr.write(`pipegate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
};

main().then((code) => {
  process.exitCode = code;
});
