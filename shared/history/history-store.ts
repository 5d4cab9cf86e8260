import type { ExecutionSummary, RecordedEvent } from './execution-summary';

/** A recorded state change as stored in the execution's history. */
export type HistoryEntry = RecordedEvent;

/** A full window of recent events moved off the summary: page `index` of the execution's history. */
export interface EventPage {
  executionId: string;
  index: number;
  entries: HistoryEntry[];
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
  /**
   * Writes a history page. Unconditional: every writer that moves page `index` moves the same full window
   * (the window only grows until it is moved), so a repeat after a crash or a lost race rewrites it as it was.
   */
  putEventPage(page: EventPage): Promise<void>;
  /** Saves the summary if the stored one is still at `expectedVersion` (undefined = must not exist yet). */
  saveSummary(summary: ExecutionSummary, expectedVersion: number | undefined): Promise<'saved' | 'conflict'>;
  /**
   * The events recorded off the summary (its pages, oldest first, and items from before pages existed): read
   * only to tell a first delivery from a re-delivery when the summary cannot (see record-event).
   */
  listPagedEvents(executionId: string): Promise<HistoryEntry[]>;
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
