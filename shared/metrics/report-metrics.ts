import { daysIn, type TimeRange } from '../audit/time-range';
import { computeDelivery, type DeliveryReport } from './delivery-metrics';
import type { ProductionRule } from './production';
import type { RollupReader } from './rollup-store';

export interface MetricsDeps {
  rollups: RollupReader;
  production: readonly ProductionRule[];
}

/**
 * The delivery report for a window: one Query for the list of pipelines (skipped when one is named) and one
 * per pipeline over its daily rollups — O(days × pipelines) items, never the executions themselves.
 * Runs count on the day they ended; the window is widened to whole UTC days.
 * @example await reportMetrics({ from, to }, undefined, { rollups, production: config.metrics.production })
 */
export const reportMetrics = async (
  range: TimeRange,
  pipeline: string | undefined,
  deps: MetricsDeps,
): Promise<DeliveryReport> => {
  const days = daysIn(range);
  const first = days[0] ?? range.from.slice(0, 10);
  const last = days.at(-1) ?? range.to.slice(0, 10);
  const names = pipeline ? [pipeline] : await deps.rollups.pipelines();
  const runs = (await Promise.all(names.map((name) => deps.rollups.runs(name, first, last)))).flat();
  return computeDelivery({ from: range.from, to: range.to, days, runs, production: deps.production });
};
