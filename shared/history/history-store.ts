import type { PipelineEvent } from '../events/pipeline-event';
import type { ExecutionSummary } from './execution-summary';

/** A recorded state change as stored in the execution's history. */
export interface HistoryEntry {
  key: string;
  event: PipelineEvent;
  recordedAt: string;
}

/** Input that could not be processed, kept so nothing received is lost. */
export interface InvalidInput {
  receivedAt: string;
  reason: string;
  issues: string[];
  raw: string;
  source: string;
}

/** Port: where execution history lives. The DynamoDB adapter implements it. */
export interface HistoryStore {
  getSummary(executionId: string): Promise<ExecutionSummary | undefined>;
  /** Writes the history entry once; 'exists' when that semantic event was already recorded. */
  putEvent(entry: HistoryEntry): Promise<'created' | 'exists'>;
  /** Saves the summary if the stored one is still at `expectedVersion` (undefined = must not exist yet). */
  saveSummary(summary: ExecutionSummary, expectedVersion: number | undefined): Promise<'saved' | 'conflict'>;
  getEvent(executionId: string, key: string): Promise<HistoryEntry | undefined>;
  recordInvalidInput(input: InvalidInput): Promise<void>;
  /**
   * Unfinished executions with no news since `before` (ISO), stalest first. An execution whose last news
   * falls in the same idle bucket as `before` may show up one bucket later (see the adapter).
   */
  listIdle(before: string, limit: number): Promise<ExecutionSummary[]>;
  /**
   * Moves an unfinished execution back in the idle order as if it had news at `newsAt` (ISO), without
   * touching its summary; does nothing when the summary changed meanwhile (real news wins).
   */
  deferIdle(summary: ExecutionSummary, newsAt: string): Promise<void>;
}
