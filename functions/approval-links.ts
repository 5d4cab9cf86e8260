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
import type { HttpResponse } from '../shared/http/responses';
import { htmlHeaders } from '../shared/http/security-headers';
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

const page = (statusCode: number, html: string): HttpResponse => ({
  statusCode,
  headers: htmlHeaders(),
  body: html,
});

// GET and HEAD only render (mail scanners fetch links); only a POST from the confirm form decides.
const links = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const { linkKeys, decide, history } = await wiring();
  if (!linkKeys) throw new PipegateError('INVALID_CONFIG', 'link signing keys are not configured');
  const deps = { decide, linkKeys, history };
  try {
    const request = parseLinkRequest(event);
    if (request.method === 'POST') {
      const result = await decideByLink(request.token, request.form, deps);
      return page(result.status, result.html);
    }
    return page(200, await showApprovalLink(request.token, deps));
  } catch (error) {
    if (error instanceof PipegateError && statusForCode(error.code) < 500) {
      // Only a POST audits a refusal; the page must say what the record holds.
      const attemptRecorded = event.requestContext.http.method === 'POST';
      return page(statusForCode(error.code), renderLinkErrorPage(error, { attemptRecorded }));
    }
    throw error;
  }
};

export const handler = middy(links)
  .use(injectLambdaContext(log.logger))
  .use(httpErrorMapper({ log, render: (view) => page(view.statusCode, renderLinkErrorPage(undefined)) }));
