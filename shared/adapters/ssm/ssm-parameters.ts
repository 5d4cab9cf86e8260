import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { ParameterSource } from '../../config/secrets';
import { PipegateError } from '../../errors';

/** How long a resolved SecureString is trusted before SSM is asked again: the longest a rotation waits. */
export const SECRET_MAX_AGE_SECONDS = 300;

// The deploy is wrong (no such parameter, or the role/key policy does not allow it): retrying cannot help.
const PERMANENT = new Set([
  'ParameterNotFound',
  'ParameterVersionNotFound',
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidKeyId',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSNotFoundException',
  'KMSInvalidStateException',
]);

const sdkErrorName = (error: unknown): string | undefined => {
  // Powertools wraps the SDK error in GetParameterError with the original as `cause`.
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return inner instanceof Error ? inner.name : undefined;
};

/**
 * SecureString parameters through the Powertools SSM provider. Every call goes through the provider's cache,
 * which honours `maxAge`: within it a call costs a map lookup, after it SSM is asked again — so callers may
 * resolve on every invocation and a rotated value is picked up without a cold start.
 * @example const parameters = ssmParameterSource(new SSMClient({}));
 */
export const ssmParameterSource = (
  client: SSMClient,
  maxAge: number = SECRET_MAX_AGE_SECONDS,
): ParameterSource => {
  const provider = new SSMProvider({ awsSdkV3Client: client });
  return async (name) => {
    try {
      return await provider.get(name, { decrypt: true, maxAge });
    } catch (error) {
      const reason = sdkErrorName(error) ?? 'unknown error';
      // The parameter name is safe to name; its value never reaches an error.
      throw new PipegateError(PERMANENT.has(reason) ? 'INVALID_CONFIG' : 'TRANSIENT', `SSM ${reason}`, {
        cause: error,
        details: { parameter: name },
      });
    }
  };
};

/** The parameter source a deployed function uses, on its own SSM client (endpoint from the environment). */
export const createSsmParameterSource = (): ParameterSource => ssmParameterSource(new SSMClient({}));
