import type { Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import {
  approvalsParams,
  entriesParams,
  executionParams,
  executionsParams,
  exportParams,
  failuresParams,
  parseParams,
  pendingParams,
} from '../audit/query-params';
import {
  type AuditQueryDeps,
  getExecutionTimeline,
  type ListResult,
  listAuditEntries,
  listDecisions,
  listExecutions,
  listFailures,
  listPending,
} from '../reports/queries';
import { exportResponse } from './export-response';
import { jsonResponse, pageBody } from './responses';

type AuditRoute = Route<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;
type AuditHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

const get = (path: string, handler: AuditHandler): AuditRoute => ({ method: 'GET', path, handler });

const queryOf = (event: APIGatewayProxyEventV2): Record<string, unknown> => ({
  ...(event.queryStringParameters ?? {}),
});
const queryLabel = (field: string): string => `query parameter '${field}'`;
const pathLabel = (field: string): string => `path parameter '${field}'`;

/**
 * The read-only audit API (`/audit/*`, IAM-authenticated in API Gateway). Each route parses its parameters,
 * calls one use case and returns JSON `{ items, nextCursor }` (the timeline: one object; the export: CSV or
 * JSONL). Errors are thrown and rendered by `httpErrorMapper`.
 * @example middy(httpRouterHandler({ routes: auditRoutes(() => deps), notFoundResponse })).use(httpErrorMapper())
 */
export const auditRoutes = (deps: () => AuditQueryDeps | Promise<AuditQueryDeps>): AuditRoute[] => {
  const list = <S extends z.ZodType, T>(
    path: string,
    schema: S,
    useCase: (params: z.output<S>, deps: AuditQueryDeps) => Promise<ListResult<T>>,
  ): AuditRoute =>
    get(path, async (event) =>
      jsonResponse(
        200,
        pageBody(await useCase(parseParams(schema, queryOf(event), queryLabel), await deps())),
      ),
    );

  return [
    list('/audit/executions', executionsParams, listExecutions),
    get('/audit/executions/{executionId}', async (event) => {
      const raw = { executionId: event.pathParameters?.executionId };
      const { executionId } = parseParams(executionParams, raw, pathLabel);
      return jsonResponse(200, await getExecutionTimeline(executionId, await deps()));
    }),
    list('/audit/approvals', approvalsParams, listDecisions),
    list('/audit/failures', failuresParams, listFailures),
    list('/audit/pending', pendingParams, listPending),
    list('/audit/entries', entriesParams, listAuditEntries),
    // rawPath keeps a stage prefix, so the continuation link works however the API is mounted.
    get('/audit/export', async (event) =>
      exportResponse(parseParams(exportParams, queryOf(event), queryLabel), await deps(), {
        path: event.rawPath,
      }),
    ),
  ];
};
