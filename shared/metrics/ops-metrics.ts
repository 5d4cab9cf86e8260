/**
 * The CloudWatch metrics pipegate emits (namespace `pipegate`). Dimensions are bounded: `pipeline` is a
 * production pipeline's name (config `metrics.production`) or `other`; `stage` only comes with such a
 * pipeline; `outcome`, `channel` are small fixed sets. See docs/metrics.md (CloudWatch).
 */
export type OpsMetricName =
  | 'ExecutionOutcome'
  | 'StageDuration'
  | 'ApprovalWait'
  | 'DeliveryFailure'
  | 'InvalidEvent'
  | 'SweeperCatchUp'
  | 'StuckRun'
  | 'SlowStage';

export type OpsDimensions = Partial<Record<'pipeline' | 'stage' | 'outcome' | 'channel', string>>;

/** Port: emits one metric value with its dimensions (EMF in Lambda; a no-op or a recorder elsewhere). */
export interface OpsMetrics {
  count(name: OpsMetricName, dimensions?: OpsDimensions, value?: number): void;
  milliseconds(name: OpsMetricName, value: number, dimensions?: OpsDimensions): void;
}

/** Metrics that go nowhere (benchmarks, the CLI). */
export const noMetrics: OpsMetrics = { count: () => {}, milliseconds: () => {} };
