import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { createDynamoAuditReader } from '../shared/adapters/dynamodb/audit-reader';
import { ssmParameterSource } from '../shared/adapters/ssm/ssm-parameters';
import { createCursorCodec, cursorKeyFrom } from '../shared/audit/cursor';
import type { AuditQueryDeps } from '../shared/audit/queries';
import { readRuntimeEnv } from '../shared/config/runtime-env';
import { resolveSecrets } from '../shared/config/secrets';
import { PipegateError } from '../shared/errors';
import { auditRoutes } from '../shared/http/audit-routes';
import { httpErrorMapper } from '../shared/http/error-mapper';
import { createLog } from '../shared/logging/log';
import { once } from '../shared/runtime/once';

const log = createLog();
const dynamodb = new DynamoDBClient({});
const parameters = ssmParameterSource(new SSMClient({}));

// Built on first use, not at import: a misconfigured function then fails its invocation with a clear log line.
// Cursors are keyed by a secret (PIPEGATE_CURSOR_KEY, else the link-signing key) so nobody can mint one.
const dependencies = once(async (): Promise<AuditQueryDeps> => {
  const env = readRuntimeEnv();
  // Only the link keys: this function's role may read no other secret (the IAM check in the package tests).
  const { PIPEGATE_LINK_KEYS, PIPEGATE_LINK_KEYS_PARAMETER } = process.env;
  const { linkKeys } = await resolveSecrets({ PIPEGATE_LINK_KEYS, PIPEGATE_LINK_KEYS_PARAMETER }, parameters);
  const cursorSecret = process.env.PIPEGATE_CURSOR_KEY ?? (linkKeys ? `cursor:${linkKeys}` : undefined);
  return {
    reader: createDynamoAuditReader({ client: dynamodb, tableName: env.tableName }),
    cursors: createCursorCodec(cursorKeyFrom({ PIPEGATE_CURSOR_KEY: cursorSecret }, env.tableName)),
    now: () => new Date(),
  };
});

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
