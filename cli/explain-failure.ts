/** The first error in a `cause` chain that satisfies `test` (SDK errors arrive wrapped in ours). */
const findCause = (error: unknown, test: (candidate: Error & { code?: unknown }) => boolean): boolean => {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (test(current as Error & { code?: unknown })) return true;
    current = current.cause;
  }
  return false;
};

const isLoopback = (endpoint: string): boolean => {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
};

/**
 * What an operator should do about a failure to reach DynamoDB, or undefined when the error says enough.
 * The raw SDK texts ("Region is missing", "connect ECONNREFUSED …") name a symptom, not the fix.
 * @example explainFailure(error, io.env) // → 'is `npm start` running? …'
 */
export const explainFailure = (
  error: unknown,
  env: Record<string, string | undefined>,
): string | undefined => {
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
  const refused = findCause(
    error,
    (cause) => cause.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(cause.message),
  );
  if (refused && endpoint && isLoopback(endpoint)) {
    return `nothing answers at ${endpoint}: is \`npm start\` running? (the CLI finds the local stack by itself while it runs; unset AWS_ENDPOINT_URL_DYNAMODB to let it)`;
  }
  if (refused)
    return `nothing answers at ${endpoint ?? 'the DynamoDB endpoint'}: check AWS_ENDPOINT_URL_DYNAMODB`;
  if (findCause(error, (cause) => /Region is missing/i.test(cause.message))) {
    return 'no AWS region and no running local stack: start one with `npm start` (the CLI finds it by itself), or set AWS_REGION / AWS_PROFILE to query a deployed table';
  }
  if (findCause(error, (cause) => cause.name === 'CredentialsProviderError')) {
    return 'no AWS credentials: set AWS_PROFILE (or run `aws sso login`), or start the local stack with `npm start`';
  }
  return undefined;
};
