/** The three secrets pipegate needs. Never logged; never part of an error message. */
export interface Secrets {
  slackBotToken?: string;
  slackSigningSecret?: string;
  linkKeys?: string;
}

/** Reads one SecureString by name (SSM in AWS). */
export type ParameterSource = (name: string) => Promise<string | undefined>;

const SECRETS = [
  ['slackBotToken', 'SLACK_BOT_TOKEN'],
  ['slackSigningSecret', 'SLACK_SIGNING_SECRET'],
  ['linkKeys', 'PIPEGATE_LINK_KEYS'],
] as const;

/**
 * Resolves each secret from its plain env variable (local) or, in AWS, from the SSM parameter named by
 * `<NAME>_PARAMETER`, once per cold start (the caller memoises).
 * @example
 * const secrets = await resolveSecrets(process.env, ssmParameterSource(ssmClient));
 */
export const resolveSecrets = async (
  env: Record<string, string | undefined>,
  fetchParameter: ParameterSource,
): Promise<Secrets> => {
  const entries = await Promise.all(
    SECRETS.map(async ([key, variable]) => {
      const plain = env[variable];
      if (plain) return [key, plain] as const;
      const parameter = env[`${variable}_PARAMETER`];
      return [key, parameter ? await fetchParameter(parameter) : undefined] as const;
    }),
  );
  return Object.fromEntries(entries.filter(([, value]) => value)) as Secrets;
};
