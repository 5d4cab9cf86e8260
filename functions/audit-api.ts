import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { createDynamoAuditReader } from '../shared/adapters/dynamodb/audit-reader';
import { createDynamoRollupReader } from '../shared/adapters/dynamodb/rollup-store';
import { ssmParameterSource } from '../shared/adapters/ssm/ssm-parameters';
import { createCursorCodec, cursorKeyFrom } from '../shared/audit/cursor';
import type { AuditQueryDeps } from '../shared/audit/queries';
import { configFromEnv } from '../shared/config/load-config';
import { readRuntimeEnv } from '../shared/config/runtime-env';
import { resolveSecrets } from '../shared/config/secrets';
import { PipegateError } from '../shared/errors';
import { auditRoutes } from '../shared/http/audit-routes';
import { httpErrorMapper } from '../shared/http/error-mapper';
import { metricsRoute } from '../shared/http/metrics-route';
import { createLog } from '../shared/logging/log';
import { once } from '../shared/runtime/once';

const log = createLog();
const dynamodb = new DynamoDBClient({});
const parameters = ssmParameterSource(new SSMClient({}));

// Built on first use, not at import: a misconfigured function then fails its invocation with a clear log line.
// Cursors are keyed by a secret (PIPEGATE_CURSOR_KEY, else the link-signing key) so nobody can mint one.
const dependencies = once(async (): Promise<AuditQueryDeps> => {
  const env = readRuntimeEnv();
  const { linkKeys } = await resolveSecrets(process.env, parameters);
  const cursorSecret = process.env.PIPEGATE_CURSOR_KEY ?? (linkKeys ? `cursor:${linkKeys}` : undefined);
  return {
    reader: createDynamoAuditReader({ client: dynamodb, tableName: env.tableName }),
    cursors: createCursorCodec(cursorKeyFrom({ PIPEGATE_CURSOR_KEY: cursorSecret }, env.tableName)),
    now: () => new Date(),
  };
});

// Delivery metrics read the per-pipeline daily rollups; the config says which runs are production deploys.
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
  .use(httpErrorMapper({ log }))
  .handler(router);
