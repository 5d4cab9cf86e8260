import type { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

// Named through the provider's own type rather than @smithy/types, which is not a direct dependency.
type AwsCredentialIdentityProvider = () => ReturnType<ReturnType<typeof fromTemporaryCredentials>>;
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

/** Refresh this long before STS says the credentials expire, so no call is signed with dying ones. */
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * Wraps a credential provider so it is asked again only when the credentials it gave are about to expire
 * (or it failed: a failure is never cached). Concurrent callers share one request.
 * @example const cached = cacheUntilExpiry(fromTemporaryCredentials({ params: { RoleArn } }));
 */
export const cacheUntilExpiry = (
  provider: AwsCredentialIdentityProvider,
  now: () => Date = () => new Date(),
): AwsCredentialIdentityProvider => {
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt: number | undefined;
  return async () => {
    const fresh = expiresAt === undefined || expiresAt - now().getTime() > REFRESH_BEFORE_MS;
    if (current && fresh) return current;
    const pending = provider();
    current = pending;
    expiresAt = undefined;
    try {
      const credentials = await pending;
      expiresAt = credentials.expiration?.getTime();
      return credentials;
    } catch (error) {
      if (current === pending) current = undefined;
      throw error;
    }
  };
};

/**
 * Credentials of a member account's pipegate role: STS AssumeRole with the function's own credentials,
 * cached until shortly before they expire. STS is called in the central region (its regional endpoint,
 * or AWS_ENDPOINT_URL_STS locally).
 * @example assumedRoleCredentials({ roleArn: 'arn:aws:iam::210987654321:role/pipegate-member', region: 'eu-west-1' });
 */
export const assumedRoleCredentials = (options: {
  roleArn: string;
  region?: string;
  sessionName?: string;
}): AwsCredentialIdentityProvider => {
  let assume: AwsCredentialIdentityProvider | undefined;
  return cacheUntilExpiry(async () => {
    // Loaded on first use: single-account functions never pay for the credential providers at cold start.
    const { fromTemporaryCredentials: fromSts } = await import('./temporary-credentials');
    assume ??= fromSts({
      params: {
        RoleArn: options.roleArn,
        // Shows in the member account's CloudTrail as who acted: pipegate, not a random SDK session.
        RoleSessionName: options.sessionName ?? 'pipegate',
        DurationSeconds: 3_600,
      },
      clientConfig: options.region ? { region: options.region } : {},
    });
    return assume();
  });
};
