import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { OpsDimensions, OpsMetrics } from '../../metrics/ops-metrics';

export const METRICS_NAMESPACE = 'pipegate';

/**
 * {@link OpsMetrics} as CloudWatch Embedded Metric Format through Powertools Metrics: each value is written
 * at once as one EMF log line (a single metric with its own dimensions), so nothing is lost when a handler
 * throws and no flush has to be remembered. CloudWatch Logs turns the lines into metrics; no API call.
 * @example const metrics = createEmfMetrics(); metrics.count('InvalidEvent');
 */
export const createEmfMetrics = (serviceName = 'pipegate'): OpsMetrics => {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  const emit = (
    name: string,
    unit: (typeof MetricUnit)[keyof typeof MetricUnit],
    value: number,
    dimensions: OpsDimensions = {},
  ): void => {
    const single = metrics.singleMetric();
    for (const [key, dimension] of Object.entries(dimensions)) {
      if (dimension) single.addDimension(key, dimension);
    }
    single.addMetric(name, unit, value);
  };
  return {
    count: (name, dimensions, value = 1) => emit(name, MetricUnit.Count, value, dimensions),
    milliseconds: (name, value, dimensions) => emit(name, MetricUnit.Milliseconds, value, dimensions),
  };
};
