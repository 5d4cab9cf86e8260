import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { ParameterSource } from '../../config/secrets';
import { allAs, translateAwsError } from '../aws-errors';

/** How long a resolved SecureString is trusted before SSM is asked again: the longest a rotation waits. */
export const SECRET_MAX_AGE_SECONDS = 300;

// The deploy is wrong (no such parameter, or the role/key policy does not allow it): retrying cannot help.
const SSM_ERRORS = {
  service: 'SSM',
  byName: allAs('INVALID_CONFIG', [
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
  ]),
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
      // The parameter name is safe to name; its value never reaches an error.
      throw translateAwsError(error, SSM_ERRORS, 'GetParameter', { parameter: name });
    }
  };
};

/** The parameter source a deployed function uses, on its own SSM client (endpoint from the environment). */
export const createSsmParameterSource = (): ParameterSource => ssmParameterSource(new SSMClient({}));
