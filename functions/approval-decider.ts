import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createCodePipelineClient, createDynamoDbClient } from '../shared/adapters/aws-clients';
import { createEmfMetrics } from '../shared/adapters/cloudwatch/emf-metrics';
import { createSsmParameterSource } from '../shared/adapters/ssm/ssm-parameters';
import { parseDecisionJob } from '../shared/approvals/decision-job';
import { createLog, describeError } from '../shared/logging/log';
import { type DecisionJobOutcome, runDecisionJob } from '../shared/notify/run-decision-job';
import { createDecideWiring } from '../shared/wiring/decide-wiring';

const log = createLog();
// The same decision wiring as the deciding HTTP functions; only the bot token (to tell the approver).
const wiring = createDecideWiring(
  {
    dynamodb: createDynamoDbClient(),
    codepipeline: createCodePipelineClient(),
    parameters: createSsmParameterSource(),
    log,
    metrics: createEmfMetrics(),
  },
  ['slackBotToken'],
);

// Invoked asynchronously by slack-interactions with a claimed decision (InvocationType Event: Lambda retries
// a failure twice, then sends the event to the on-failure destination, an alarmed DLQ). Talks to
// CodePipeline, so Slack's 3-second budget never depends on it.
const decide = async (event: unknown): Promise<DecisionJobOutcome> => {
  let job: ReturnType<typeof parseDecisionJob>;
  try {
    job = parseDecisionJob(event);
  } catch (error) {
    // Not ours to guess at: logged with why, and thrown so it ends in the DLQ rather than vanishing.
    log.error('decider received something that is not a decision job', describeError(error));
    throw error;
  }
  const { decide: deps, chat } = await wiring();
  return runDecisionJob(job, { decide: deps, chat, log });
};

export const handler = middy(decide).use(injectLambdaContext(log.logger));
