import type { Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { parseParams } from '../audit/query-params';
import { deliveryMetrics, metricsParams } from '../metrics/metrics-query';
import type { MetricsDeps } from '../metrics/report-metrics';
import { jsonResponse } from './responses';

/**
 * `GET /audit/metrics` (IAM-authenticated with the other audit routes): the delivery report as JSON.
 * @example routes: [...auditRoutes(deps), metricsRoute(metricsDeps)]
 */
export const metricsRoute = (
  deps: () => (MetricsDeps & { now: () => Date }) | Promise<MetricsDeps & { now: () => Date }>,
): Route<APIGatewayProxyEventV2, APIGatewayProxyResultV2> => ({
  method: 'GET',
  path: '/audit/metrics',
  handler: async (event: APIGatewayProxyEventV2) => {
    const params = parseParams(
      metricsParams,
      { ...(event.queryStringParameters ?? {}) },
      (field) => `query parameter '${field}'`,
    );
    return jsonResponse(200, await deliveryMetrics(params, await deps()));
  },
});
