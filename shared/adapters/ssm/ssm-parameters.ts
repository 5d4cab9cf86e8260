import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { ParameterSource } from '../../config/secrets';
import { PipegateError } from '../../errors';

/** SecureString parameters through Powertools (cached for 5 minutes, decrypted with KMS). */
export const ssmParameterSource = (client: SSMClient): ParameterSource => {
  const provider = new SSMProvider({ awsSdkV3Client: client });
  return async (name) => {
    try {
      return await provider.get(name, { decrypt: true, maxAge: 300 });
    } catch (error) {
      // The parameter name is safe to name; its value never reaches an error.
      throw new PipegateError('INVALID_CONFIG', `cannot read SSM parameter ${name}`, { cause: error });
    }
  };
};
