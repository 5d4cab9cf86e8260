import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { DecisionJob, DecisionQueue } from '../../approvals/decision-job';
import { PipegateError } from '../../errors';
import { allAs, translateAwsError } from '../aws-errors';

// Lambda refuses these for reasons a later attempt will not fix (bad name, no permission, bad payload).
const LAMBDA_ERRORS = {
  service: 'Lambda',
  byName: allAs('INVALID_CONFIG', [
    'ResourceNotFoundException',
    'AccessDeniedException',
    'InvalidRequestContentException',
    'RequestTooLargeException',
  ]),
};

/**
 * {@link DecisionQueue} as an asynchronous Lambda invoke (`InvocationType: Event`): Lambda queues the
 * event, answers 202 at once and runs the decider with up to two retries. The client honours
 * AWS_ENDPOINT_URL_LAMBDA, which is how the local Lambda stand-in is reached.
 */
export const createLambdaDecisionQueue = (
  functionName: string,
  client: LambdaClient = new LambdaClient({}),
): DecisionQueue => ({
  async enqueue(job: DecisionJob) {
    try {
      const result = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify(job)),
        }),
      );
      if (result.StatusCode !== 202)
        throw new Error(`Lambda answered ${result.StatusCode} to an async invoke`);
    } catch (error) {
      throw translateAwsError(error, LAMBDA_ERRORS, 'Invoke', { functionName });
    }
  },
});

/**
 * The decision queue named by PIPEGATE_DECIDER_FUNCTION (the approval-decider function's name or ARN).
 * @throws PipegateError INVALID_CONFIG when it is not set
 */
export const decisionQueueFromEnv = (env: Record<string, string | undefined>): DecisionQueue => {
  const functionName = env.PIPEGATE_DECIDER_FUNCTION;
  if (!functionName) {
    throw new PipegateError(
      'INVALID_CONFIG',
      'PIPEGATE_DECIDER_FUNCTION must name the approval-decider function',
    );
  }
  return createLambdaDecisionQueue(functionName);
};
