import type { ExecutionState, FailureInfo, PipelineEvent, TriggerInfo } from '../events/pipeline-event';

/** A state change as the execution's history keeps it. */
export interface RecordedEvent {
  /** The event's semantic key (see semantic-key): its identity in the history. */
  key: string;
  event: PipelineEvent;
  recordedAt: string;
}

export interface StepSummary {
  state: ExecutionState;
  attempt: number;
  startedAt?: string;
  endedAt?: string;
  /** Time of the event that set `state`. */
  updatedAt: string;
  /**
   * Set once this attempt's own STARTED event was applied (so recorded and reacted to): a re-delivered
   * STARTED that a later state superseded is then a duplicate on the summary read alone, with no refused
   * conditional put (DynamoDB bills those).
   */
  startRecorded?: true;
}

export interface StageSummary extends StepSummary {
  name: string;
  /** First time this stage was seen; stages are ordered by it (events do not carry the stage order). */
  firstSeenAt: string;
  /**
   * Set while the stage's state comes only from an action event (no stage event of that attempt applied
   * yet): then the summary cannot prove the stage's own STARTED was recorded (see record-event).
   */
  implied?: true;
}

export interface ActionSummary extends StepSummary {
  stage: string;
  action: string;
  actionExecutionId?: string;
  category?: string;
  provider?: string;
  result?: FailureInfo;
}

/** What pipegate knows of one pipeline execution; rebuilt forward-only from its events. */
export interface ExecutionSummary {
  executionId: string;
  pipeline: string;
  account?: string;
  region?: string;
  /** Overall state; undefined until a pipeline-level event arrives (stage/action events imply InProgress). */
  state?: ExecutionState;
  attempt: number;
  startTime: string;
  endTime?: string;
  durationMs?: number;
  trigger?: TriggerInfo;
  stopComments?: string;
  stages: Record<string, StageSummary>;
  actions: Record<string, ActionSummary>;
  lastEventAt: string;
  /** Number of events that changed the summary; optimistic-concurrency version of the stored item. */
  version: number;
  /** As {@link StepSummary.startRecorded}, for the pipeline's own STARTED of the current attempt. */
  startRecorded?: true;
  /**
   * Semantic keys of events applied while the reactions could not run (a secret missing): a re-delivery
   * finishes them. Empty in normal operation; capped (see record-event) so an outage cannot grow it unbounded.
   */
  unreacted?: string[];
  /**
   * The newest recorded events, oldest first, at most {@link EVENTS_PER_PAGE}: the save that applies an event
   * records it here, so an event costs one write, not a history put plus a summary save. A full window moves
   * to a history page item before the next one joins (see record-event).
   */
  recentEvents?: RecordedEvent[];
  /** How many full windows moved to history pages (pages 0 … n-1). */
  eventPages?: number;
}

/**
 * Events a summary holds before they move to a history page. Each page costs one write (1/8 per event) and
 * the window at most eight compact entries (≈ 2.5 KB) on the summary, so the item stays bounded.
 */
export const EVENTS_PER_PAGE = 8;

/**
 * A window this large moves to a page however few events it holds: events carry free text (commit
 * messages, failure summaries) that nothing else bounds, and the summary must stay far below DynamoDB's
 * 400 KB item limit.
 */
export const WINDOW_MAX_BYTES = 16_384;

/**
 * Whether a window must move to a page before another event joins. It depends on the window alone (not on
 * the event joining), so every writer that moves page n moves the same window.
 */
export const isWindowFull = (recent: readonly RecordedEvent[]): boolean =>
  recent.length >= EVENTS_PER_PAGE || Buffer.byteLength(JSON.stringify(recent)) >= WINDOW_MAX_BYTES;

export const actionKey = (stage: string, action: string): string => `${stage}/${action}`;

/** Stages in the order they ran. */
export const orderedStages = (summary: ExecutionSummary): StageSummary[] =>
  Object.values(summary.stages).sort((a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt));
