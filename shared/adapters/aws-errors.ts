import { PipegateError, type PipegateErrorCode } from '../errors';

/** How one AWS service's exceptions map to pipegate codes; any exception not named is `otherwise`. */
export interface AwsErrorCodes {
  service: string;
  /** Exception name (the SDK error's `name`) → code, for the failures a retry will not fix or that mean something. */
  byName: Readonly<Record<string, PipegateErrorCode>>;
  /** Throttling, 5xx, network, anything unknown: worth retrying unless said otherwise. */
  otherwise?: PipegateErrorCode;
}

/** The SDK exception's name; Powertools wraps SDK errors (GetParameterError) with the original as `cause`. */
const awsErrorName = (error: unknown): string => {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return inner instanceof Error ? inner.name : 'UnknownError';
};

/**
 * Translates an AWS SDK failure once, at the adapter, into the pipegate error family: the code from the
 * service's table, the exception's name in the message and `details.awsError`, the SDK error as `cause`.
 * Our own errors pass through unchanged. Every AWS adapter translates this way (Slack has its own,
 * `translateSlackError`, because its failures are shaped differently).
 * @example
 * throw translateAwsError(error, SNS_ERRORS, 'Publish', { topicArn });
 * // PipegateError PERMANENT_DELIVERY 'SNS Publish failed: NotFoundException'
 */
export const translateAwsError = (
  error: unknown,
  codes: AwsErrorCodes,
  operation: string,
  details: Record<string, unknown> = {},
): PipegateError => {
  if (error instanceof PipegateError) return error;
  const name = awsErrorName(error);
  return new PipegateError(
    codes.byName[name] ?? codes.otherwise ?? 'TRANSIENT',
    `${codes.service} ${operation} failed: ${name}`,
    { cause: error, details: { operation, awsError: name, ...details } },
  );
};

/** Every name in `names` mapped to one code: for the "retrying cannot help" lists. */
export const allAs = (code: PipegateErrorCode, names: readonly string[]): Record<string, PipegateErrorCode> =>
  Object.fromEntries(names.map((name) => [name, code]));
