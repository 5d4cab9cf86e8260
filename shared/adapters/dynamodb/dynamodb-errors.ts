import type { PipegateError } from '../../errors';
import { allAs, translateAwsError } from '../aws-errors';

// Request bugs are INTERNAL; everything else (throttling, 5xx, network, a table not there yet) is TRANSIENT.
const DYNAMODB_ERRORS = {
  service: 'DynamoDB',
  byName: allAs('INTERNAL', ['ValidationException', 'SerializationException']),
};

/** Is this the SDK's ConditionalCheckFailedException (a lost race or a duplicate, not a fault)? */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Translates a DynamoDB failure into the pipegate error family: request bugs are INTERNAL, everything
 * else (throttling, 5xx, network, a table not there yet) is TRANSIENT so SQS or the caller retries.
 */
export const translateDynamoError = (error: unknown, operation: string): PipegateError =>
  translateAwsError(error, DYNAMODB_ERRORS, operation);

/**
 * Runs a conditional write: true when it applied, false when its condition did not hold (a duplicate or a
 * lost race — expected outcomes, not faults); any other failure is translated and thrown.
 */
export const conditionalWrite = async (operation: string, run: () => Promise<unknown>): Promise<boolean> => {
  try {
    await run();
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw translateDynamoError(error, operation);
  }
};
