import type { RunFact } from './run-fact';

/** Port: the per-pipeline, per-day rollups delivery metrics are computed from. */
export interface RollupStore {
  /** Adds (or re-writes, idempotently) one finished run to its pipeline's rollup for the day it ended. */
  record(fact: RunFact): Promise<void>;
}

/** Port: reading rollups back (Query only: one per pipeline, plus one for the list of pipelines). */
export interface RollupReader {
  pipelines(): Promise<string[]>;
  /** Runs of `pipeline` that ended on days `fromDay`..`toDay` (inclusive, `yyyy-mm-dd`). */
  runs(pipeline: string, fromDay: string, toDay: string): Promise<RunFact[]>;
}
