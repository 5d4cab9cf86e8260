import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { createDynamoDbClient } from '../shared/adapters/aws-clients';
import { createDynamoRollupReader } from '../shared/adapters/dynamodb/rollup-store';
import { configFromEnv } from '../shared/config/load-config';
import { readRuntimeEnv } from '../shared/config/runtime-env';
import { PipegateError } from '../shared/errors';
import { auditRoutes } from '../shared/http/audit-routes';
import { httpErrorMapper } from '../shared/http/error-mapper';
import { metricsRoute } from '../shared/http/metrics-route';
import { createLog } from '../shared/logging/log';
import type { AuditQueryDeps } from '../shared/reports/queries';
import { once } from '../shared/runtime/once';
import { auditQueryDeps } from '../shared/wiring/audit-wiring';

const log = createLog();
const dynamodb = createDynamoDbClient();

// Built on first use, not at import: a misconfigured function then fails its invocation with a clear log line.
// Reads the table only: no secret, no Slack, SNS, config file or CodePipeline (cursor keys: audit-wiring).
const dependencies = once(
  async (): Promise<AuditQueryDeps> =>
    auditQueryDeps({
      client: dynamodb,
      tableName: readRuntimeEnv().tableName,
      env: process.env,
      now: () => new Date(),
    }),
);

// GET /audit/metrics reads the per-pipeline daily rollups; the bundled config says which runs are production
// deploys (only `metrics.production` is used; still no secret, no Slack, SNS or CodePipeline).
const metricsDependencies = once(async () => ({
  rollups: createDynamoRollupReader({ client: dynamodb, tableName: readRuntimeEnv().tableName }),
  production: configFromEnv(process.env).metrics?.production ?? [],
  now: () => new Date(),
}));

const router = httpRouterHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>({
  routes: [...auditRoutes(dependencies), metricsRoute(metricsDependencies)],
  notFoundResponse: ({ method, path }) => {
    throw new PipegateError('NOT_FOUND', `no route ${method} ${path}`);
  },
});

/** The IAM-authenticated, read-only audit API (API Gateway HTTP API v2): routes in shared/http/audit-routes. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(injectLambdaContext(log.logger))
  .use(httpErrorMapper({ log }))
  .handler(router);
