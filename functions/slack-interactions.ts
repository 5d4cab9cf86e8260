import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createCodePipelineClient, createDynamoDbClient } from '../shared/adapters/aws-clients';
import { createEmfMetrics } from '../shared/adapters/cloudwatch/emf-metrics';
import { decisionQueueFromEnv } from '../shared/adapters/lambda/lambda-decision-queue';
import { createSsmParameterSource } from '../shared/adapters/ssm/ssm-parameters';
import type { DecisionQueue } from '../shared/approvals/decision-job';
import { refuseUnauthenticated } from '../shared/audit/unauthenticated';
import { PipegateError } from '../shared/errors';
import { httpErrorMapper } from '../shared/http/error-mapper';
import { createLog } from '../shared/logging/log';
import { handleInteraction } from '../shared/slack/handle-interaction';
import { parseInteraction } from '../shared/slack/interaction-payload';
import { verifySlackRequest } from '../shared/slack/verify-slack-signature';
import { createDecideWiring } from '../shared/wiring/decide-wiring';

const log = createLog();
const wiring = createDecideWiring(
  {
    dynamodb: createDynamoDbClient(),
    codepipeline: createCodePipelineClient(),
    parameters: createSsmParameterSource(),
    log,
    metrics: createEmfMetrics(),
  },
  ['slackSigningSecret', 'slackBotToken'],
);
// Built on first use: the handler reads its environment then (the local stack sets it after import).
let decisions: DecisionQueue | undefined;

// Slack must get its answer within 3 s whatever CodePipeline does: this function only verifies, checks,
// claims and hands the decision to the approval-decider function (DESIGN §5, "ack first").
const interactions = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const { secrets, chat, decide, now } = await wiring();
  if (!secrets.slackSigningSecret || !chat) {
    throw new PipegateError('INVALID_CONFIG', 'Slack signing secret or bot token is not configured');
  }
  let rawBody: string;
  try {
    rawBody = verifySlackRequest(
      { headers: event.headers, body: event.body, isBase64Encoded: event.isBase64Encoded },
      secrets.slackSigningSecret,
      now(),
    );
  } catch (error) {
    if (!(error instanceof PipegateError)) throw error;
    const why = typeof error.details.reason === 'string' ? error.details.reason : 'invalid';
    throw await refuseUnauthenticated(decide, 'slack-interactions', why, 'invalid Slack signature');
  }
  decisions ??= decisionQueueFromEnv(process.env);
  const reply = await handleInteraction(parseInteraction(rawBody), { decide, chat, decisions });
  return reply
    ? { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) }
    : { statusCode: 200, body: '' };
};

export const handler = middy(interactions).use(injectLambdaContext(log.logger)).use(httpErrorMapper({ log }));
