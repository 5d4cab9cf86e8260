import { join } from 'node:path';
import { runCli } from './main';

// The entry esbuild compiles into bin/pipegate.cjs (`npm run build:cli`): plain JavaScript needing only the
// production dependencies, so `npx pipegate` starts fast from `npm ci --omit=dev` and never fetches tsx.

// Lambda runs Node 22+; the SDK's Node 20 deprecation notice is noise for an operator's terminal.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `pipegate … | head` closes stdout early; that is not a failure.
  if (error.code === 'EPIPE') process.exit(0);
});

/**
 * Help reads no table, so it does not look for a running local stack: that check parses the stack's state
 * file with zod, and --help should start without loading it (it runs in well under a second).
 */
const asksOnlyForHelp = (args: string[]): boolean =>
  args.length === 0 || args[0] === 'help' || args.includes('--help') || args.includes('-h');

/** The environment with the running local stack's endpoint and table filled in, if one is running. */
const withLocalStack = async (env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> => {
  const [{ isProcessAlive, localDataDir, readStackState, stackStatePath }, { localStackEnv }] =
    await Promise.all([import('../local/stack-state'), import('./local-stack-env')]);
  // bin/pipegate.cjs (and cli/run-bin.ts) sit one folder below the repository root.
  const statePath = stackStatePath(localDataDir(env, join(__dirname, '..')));
  return localStackEnv(env, readStackState(statePath), isProcessAlive);
};

const main = async (): Promise<number> => {
  const io = { env: process.env, out: process.stdout, err: process.stderr, now: () => new Date() };
  try {
    const env = asksOnlyForHelp(process.argv.slice(2)) ? process.env : await withLocalStack(process.env);
    return await runCli(process.argv, { ...io, env });
  } catch (error) {
    process.stderr.write(`pipegate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
};

main().then((code) => {
  process.exitCode = code;
});
