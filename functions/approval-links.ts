import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createCodePipelineClient, createDynamoDbClient } from '../shared/adapters/aws-clients';
import { createEmfMetrics } from '../shared/adapters/cloudwatch/emf-metrics';
import { createSsmParameterSource } from '../shared/adapters/ssm/ssm-parameters';
import { decideByLink, showApprovalLink } from '../shared/approvals/link-visit';
import { PipegateError } from '../shared/errors';
import { httpErrorMapper, statusForCode } from '../shared/http/error-mapper';
import { parseLinkRequest } from '../shared/http/link-request';
import { htmlPage, linkAnswerResponse, linkVisitResponse } from '../shared/http/link-response';
import { createLog } from '../shared/logging/log';
import { renderLinkErrorPage } from '../shared/present/pages/link-error-page';
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
  ['linkKeys', 'slackBotToken'],
);

// GET and HEAD only render (mail scanners fetch links); only a POST from the confirm form decides.
const links = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const { linkKeys, decide, history } = await wiring();
  if (!linkKeys) throw new PipegateError('INVALID_CONFIG', 'link signing keys are not configured');
  const deps = { decide, linkKeys, history };
  try {
    const request = parseLinkRequest(event);
    if (request.method === 'POST') {
      return linkAnswerResponse(await decideByLink(request.token, request.form, deps));
    }
    return linkVisitResponse(await showApprovalLink(request.token, deps));
  } catch (error) {
    // A forged link or a form without a decision: nobody to record, a page all the same.
    if (error instanceof PipegateError && statusForCode(error.code) < 500) {
      return htmlPage(statusForCode(error.code), renderLinkErrorPage(error, { attemptRecorded: false }));
    }
    throw error;
  }
};

export const handler = middy(links)
  .use(injectLambdaContext(log.logger))
  .use(httpErrorMapper({ log, render: (view) => htmlPage(view.statusCode, renderLinkErrorPage(undefined)) }));
