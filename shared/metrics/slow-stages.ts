import type { ExecutionSummary } from '../history/execution-summary';
import { percentile } from './percentile';
import type { RunFact } from './run-fact';

/** Fewer succeeded runs of a stage than this and its p90 says too little to call a run slow. */
export const MIN_BASELINE_RUNS = 5;

/** A stage's p90 duration over recent succeeded runs, and how many runs it rests on. */
export interface StageBaseline {
  p90Ms: number;
  runs: number;
}

/**
 * p90 duration of each stage over the succeeded runs in `facts` (one pipeline's rollups), for stages with at
 * least {@link MIN_BASELINE_RUNS} measured runs. Failed stages are left out: a fast failure is no baseline.
 * @example stageBaselines(facts).get('Deploy') // { p90Ms: 120000, runs: 42 }
 */
export const stageBaselines = (facts: readonly RunFact[]): Map<string, StageBaseline> => {
  const samples = new Map<string, number[]>();
  for (const fact of facts) {
    for (const [stage, outcome] of Object.entries(fact.stages)) {
      if (outcome.state !== 'SUCCEEDED' || outcome.ms === undefined) continue;
      samples.set(stage, [...(samples.get(stage) ?? []), outcome.ms]);
    }
  }
  const baselines = new Map<string, StageBaseline>();
  for (const [stage, values] of samples) {
    const p90 = percentile(values, 90);
    if (p90 !== undefined && values.length >= MIN_BASELINE_RUNS) {
      baselines.set(stage, { p90Ms: p90, runs: values.length });
    }
  }
  return baselines;
};

/** A running stage that has taken longer than its p90 × the configured factor. */
export interface SlowStage {
  stage: string;
  /** The stage's attempt: a retried stage is a new run of it and may be noticed again. */
  attempt: number;
  startedAt: string;
  elapsedMs: number;
  baseline: StageBaseline;
}

const RUNNING = new Set(['STARTED', 'RESUMED']);

/**
 * The stages of a running execution that are slow now: started, not ended, running longer than
 * `p90 × factor`. A stage waiting at a manual approval is left out — people being slow is not a slow run
 * (the approval sweeper reminds them).
 * @example slowStagesOf(summary, baselines, 2, new Date()) // [{ stage: 'Deploy', elapsedMs: 600000, … }]
 */
export const slowStagesOf = (
  summary: ExecutionSummary,
  baselines: ReadonlyMap<string, StageBaseline>,
  factor: number,
  now: Date,
): SlowStage[] => {
  const waiting = new Set(
    Object.values(summary.actions)
      .filter((action) => action.category === 'Approval' && RUNNING.has(action.state))
      .map((action) => action.stage),
  );
  return Object.values(summary.stages).flatMap((stage) => {
    if (!RUNNING.has(stage.state) || stage.endedAt || !stage.startedAt || waiting.has(stage.name)) return [];
    const baseline = baselines.get(stage.name);
    const elapsedMs = now.getTime() - Date.parse(stage.startedAt);
    if (!baseline || !(elapsedMs > baseline.p90Ms * factor)) return [];
    return [{ stage: stage.name, attempt: stage.attempt, startedAt: stage.startedAt, elapsedMs, baseline }];
  });
};
