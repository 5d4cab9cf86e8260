import * as z from 'zod';
import { isTimeExpression, resolveTimeRange, TIME_EXPRESSION_HELP } from '../audit/time-range';
import { DEFAULT_METRICS_SINCE } from '../reports/default-windows';
import type { DeliveryReport } from './delivery-metrics';
import { type MetricsDeps, reportMetrics } from './report-metrics';

const timeExpression = z.string().trim().refine(isTimeExpression, TIME_EXPRESSION_HELP);

/** Parameters of `GET /audit/metrics` and `pipegate metrics` (unknown ones are refused). */
export const metricsParams = z.strictObject({
  pipeline: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.@_-]{1,100}$/, 'must be a CodePipeline pipeline name')
    .optional(),
  since: timeExpression.optional(),
  from: timeExpression.optional(),
  to: timeExpression.optional(),
});

export type MetricsParams = z.infer<typeof metricsParams>;

/**
 * The delivery report for parsed parameters: resolves the window (default the last 30 days) and reads the
 * rollups of one pipeline or all of them.
 * @example await deliveryMetrics({ since: '30d' }, { rollups, production, now: () => new Date() })
 */
export const deliveryMetrics = (
  params: MetricsParams,
  deps: MetricsDeps & { now: () => Date },
): Promise<DeliveryReport> =>
  reportMetrics(resolveTimeRange(params, deps.now(), DEFAULT_METRICS_SINCE), params.pipeline, deps);
