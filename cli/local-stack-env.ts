import type { StackState } from '../local/stack-state';

/** Settings that mean "I chose where to look": with any of them, the CLI never goes looking for a local stack. */
const EXPLICIT_TARGET = [
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL',
  'PIPEGATE_TABLE',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
] as const;

/**
 * The environment the CLI runs with: as given when it names a target (endpoint, table, region, profile or
 * credentials); otherwise pointed at the local stack `npm start` recorded, if that process still runs.
 * @example localStackEnv(process.env, readStackState(path), isProcessAlive)
 */
export const localStackEnv = (
  env: Record<string, string | undefined>,
  state: StackState | undefined,
  isAlive: (pid: number) => boolean,
): Record<string, string | undefined> => {
  if (EXPLICIT_TARGET.some((name) => env[name])) return env;
  if (!state || !isAlive(state.pid)) return env;
  return { ...env, AWS_ENDPOINT_URL_DYNAMODB: state.dynamodbEndpoint, PIPEGATE_TABLE: state.table };
};
