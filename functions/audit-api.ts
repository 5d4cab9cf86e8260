import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { createDynamoAuditReader } from '../shared/adapters/dynamodb/audit-reader';
import { createCursorCodec, cursorKeyFrom } from '../shared/audit/cursor';
import type { AuditQueryDeps } from '../shared/audit/queries';
import { readRuntimeEnv } from '../shared/config/runtime-env';
import { PipegateError } from '../shared/errors';
import { auditRoutes } from '../shared/http/audit-routes';
import { httpErrorMapper } from '../shared/http/error-mapper';
import { createLog } from '../shared/logging/log';

const log = createLog();
const dynamodb = new DynamoDBClient({});
let deps: AuditQueryDeps | undefined;

// Built on first use, not at import: a misconfigured function then fails its invocation with a clear log line.
const dependencies = (): AuditQueryDeps => {
  if (!deps) {
    const env = readRuntimeEnv();
    deps = {
      reader: createDynamoAuditReader({ client: dynamodb, tableName: env.tableName }),
      cursors: createCursorCodec(cursorKeyFrom(process.env, env.tableName)),
      now: () => new Date(),
    };
  }
  return deps;
};

const router = httpRouterHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>({
  routes: auditRoutes(dependencies),
  notFoundResponse: ({ method, path }) => {
    throw new PipegateError('NOT_FOUND', `no route ${method} ${path}`);
  },
});

/** The IAM-authenticated, read-only audit API (API Gateway HTTP API v2): routes in shared/http/audit-routes. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(httpErrorMapper({ log }))
  .handler(router);
