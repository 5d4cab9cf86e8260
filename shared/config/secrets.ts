import { PipegateError } from '../errors';

/** The secrets pipegate knows. Never logged; never part of an error message. */
export interface Secrets {
  slackBotToken?: string;
  slackSigningSecret?: string;
  linkKeys?: string;
  /** Optional: lists the commits of a change in approval requests (GitHub's compare API). */
  githubToken?: string;
}

export type SecretName = keyof Secrets;

/**
 * Reads one SecureString by name (SSM in AWS). Contract: resolves the value, or throws PipegateError
 * INVALID_CONFIG (the parameter is missing or this function may not read it — the deploy is wrong) or
 * TRANSIENT (worth retrying).
 */
export type ParameterSource = (name: string) => Promise<string | undefined>;

/** The plain variable of each secret (local); `<VARIABLE>_PARAMETER` names its SSM parameter (AWS). */
const VARIABLE: Record<SecretName, string> = {
  slackBotToken: 'SLACK_BOT_TOKEN',
  slackSigningSecret: 'SLACK_SIGNING_SECRET',
  linkKeys: 'PIPEGATE_LINK_KEYS',
  githubToken: 'GITHUB_TOKEN',
};

type Env = Record<string, string | undefined>;

/**
 * The error for a secret whose parameter is configured but cannot be used. It names the parameter (safe) and
 * the variable that configures it, never the value, so one log line tells an operator what to create.
 */
export const secretUnavailable = (
  name: SecretName,
  env: Env,
  why: string,
  cause?: unknown,
): PipegateError => {
  const variable = `${VARIABLE[name]}_PARAMETER`;
  const parameter = env[variable];
  return new PipegateError('INVALID_CONFIG', `secret parameter ${parameter} (${variable}) ${why}`, {
    cause,
    details: { parameter, variable },
  });
};

/** True for the error {@link resolveSecrets} and {@link parseSecret} throw when the deploy lacks a secret. */
export const isSecretUnavailable = (error: unknown): error is PipegateError =>
  error instanceof PipegateError &&
  error.code === 'INVALID_CONFIG' &&
  typeof error.details.variable === 'string';

const resolveOne = async (
  name: SecretName,
  env: Env,
  source: ParameterSource,
): Promise<string | undefined> => {
  const plain = env[VARIABLE[name]];
  if (plain) return plain;
  const parameter = env[`${VARIABLE[name]}_PARAMETER`];
  // Neither set: the feature is off (e.g. no Slack locally), which is not a fault.
  if (!parameter) return undefined;
  let value: string | undefined;
  try {
    value = await source(parameter);
  } catch (error) {
    if (error instanceof PipegateError && error.code === 'TRANSIENT') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw secretUnavailable(name, env, `cannot be read: ${reason}`, error);
  }
  if (!value) throw secretUnavailable(name, env, 'is empty');
  return value;
};

/**
 * Resolves exactly the named secrets: the plain variable when set (local), else the SSM parameter named by
 * `<VARIABLE>_PARAMETER` (AWS), else undefined (not configured). Cheap to call on every invocation: the
 * parameter source caches values for their max age, so a rotated value arrives without a cold start.
 * @throws PipegateError INVALID_CONFIG naming the parameter (see {@link isSecretUnavailable}), or TRANSIENT
 * @example
 * const { slackBotToken } = await resolveSecrets(['slackBotToken'], process.env, parameters);
 */
export const resolveSecrets = async <N extends SecretName>(
  names: readonly N[],
  env: Env,
  source: ParameterSource,
): Promise<Pick<Secrets, N>> => {
  const values = await Promise.all(
    names.map(async (name) => [name, await resolveOne(name, env, source)] as const),
  );
  return Object.fromEntries(values.filter(([, value]) => value !== undefined)) as Pick<Secrets, N>;
};

/**
 * Parses a secret's value; a malformed value is the deploy's fault like a missing one, so it fails the same
 * way (naming the parameter) and the caller has one case to handle.
 * @example const keys = parseSecret('linkKeys', process.env, () => parseLinkKeys(value));
 */
export const parseSecret = <T>(name: SecretName, env: Env, parse: () => T): T => {
  try {
    return parse();
  } catch (error) {
    // Locally the value comes from the plain variable: its own parse error already names it.
    if (!env[`${VARIABLE[name]}_PARAMETER`] || env[VARIABLE[name]]) throw error;
    throw secretUnavailable(name, env, 'holds a malformed value', error);
  }
};
