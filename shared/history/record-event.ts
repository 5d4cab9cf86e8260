import { PipegateError } from '../errors';
import type { PipelineEvent } from '../events/pipeline-event';
import { sleep } from '../runtime/sleep';
import { applyEvent } from './apply-event';
import { actionKey, type ExecutionSummary } from './execution-summary';
import type { HistoryStore } from './history-store';
import type { KeyedQueue } from './keyed-queue';
import { semanticKey } from './semantic-key';
import { summaryShowsEvent } from './shows-event';
import type { SummaryCache } from './summary-cache';

/**
 * What recording an event did, so notifications and approvals can react without re-reading:
 * - `new`: the event moved the summary forward;
 * - `stale`: recorded in history, but older than what the summary shows;
 * - `duplicate`: already applied and reacted to (same or new envelope id) — nothing was changed.
 */
export type RecordOutcome =
  | {
      outcome: 'new' | 'stale';
      event: PipelineEvent;
      previous: ExecutionSummary | undefined;
      summary: ExecutionSummary;
      /** True when a re-delivery finishes what an earlier delivery recorded but did not save. */
      replay?: boolean;
    }
  | { outcome: 'duplicate'; event: PipelineEvent; summary: ExecutionSummary };

export type Recorded = Exclude<RecordOutcome, { outcome: 'duplicate' }>;

export interface RecordEventDeps {
  history: HistoryStore;
  now: () => Date;
  cache?: SummaryCache;
  /** Serialises events of one execution within this process, so they don't race for the version. */
  queue?: KeyedQueue;
  /**
   * Runs after the event is applied and before the summary is saved, so a saved summary that reflects an
   * event means its reactions finished: the save is the "reacted" mark, no extra write. Must be idempotent
   * (it runs again after a crash or a lost race) and throw only for transient faults.
   */
  beforeSave?: (outcome: Recorded) => Promise<void>;
  /** The reactions cannot run now: record the event and keep its key on the summary for a re-delivery. */
  deferReactions?: boolean;
}

/** At most this many un-reacted events are remembered per execution (a long outage drops the oldest). */
const MAX_UNREACTED = 100;

const MAX_CONFLICT_RETRIES = 10;

/** Jittered back-off after a lost race, so writers that collided do not collide again in lock-step. */
const backOff = (attempt: number): Promise<void> => sleep(Math.random() * 10 * (attempt + 1));

/** The step an event is about, as the summary shows it. */
const stepOf = (summary: ExecutionSummary, event: PipelineEvent) =>
  event.level === 'pipeline'
    ? summary.state && { attempt: summary.attempt, startRecorded: summary.startRecorded }
    : event.level === 'stage'
      ? summary.stages[event.stage]
      : summary.actions[actionKey(event.stage, event.action)];

/**
 * Does the saved summary prove this event was recorded and reacted to? Every save follows the event's
 * history put and its reactions, so a summary showing the event's own state (same step, state, attempt
 * and action execution), unchanged by applying it again and with no reaction pending, implies both. So
 * does a STARTED that a later state of the same attempt superseded, once the step says its STARTED was
 * applied (`startRecorded`). A stage only its actions implied is `implied`, which its own event clears: a
 * change, so never proof.
 */
const provesRecorded = (summary: ExecutionSummary, event: PipelineEvent, key: string): boolean => {
  if (summary.unreacted?.includes(key)) return false;
  const step = stepOf(summary, event);
  const superseded =
    event.state === 'STARTED' && step?.attempt === event.attempt && step.startRecorded === true;
  if (!superseded && !summaryShowsEvent(summary, event)) return false;
  if (event.level === 'action') {
    const action = summary.actions[actionKey(event.stage ?? '', event.action ?? '')];
    if (action?.actionExecutionId !== event.actionExecutionId) return false;
  }
  return !applyEvent(summary, event).changed;
};

/**
 * Records one event: the summary read first (cached when this process saved it lately), then the history
 * entry (conditional on its semantic key), the merge, the reactions, and the summary guarded by its
 * version. A new event costs two writes and at most one read; a re-delivery the summary already proves
 * applied costs that read only (none when cached) and no write — a refused conditional put still bills one.
 * Dedupe needs no list of seen events: merging is idempotent, so an event the saved summary reflects
 * changes nothing and is a duplicate. A crash after the history write and before the summary save leaves
 * a summary that does not reflect the event yet, so the re-delivery applies it and reacts again.
 * @example
 * const result = await recordEvent(parsePipelineEvent(envelope), { history, now: () => new Date() });
 */
export const recordEvent = (event: PipelineEvent, deps: RecordEventDeps): Promise<RecordOutcome> =>
  deps.queue ? deps.queue.run(event.executionId, () => record(event, deps)) : record(event, deps);

const record = async (event: PipelineEvent, deps: RecordEventDeps): Promise<RecordOutcome> => {
  const { history, cache } = deps;
  const key = semanticKey(event);
  // A cached summary is one this process saved, so one whose reactions finished: an old one still proves a
  // re-delivery. A new event is applied on a fresh one only; if even that is behind the table, the save
  // below loses its version check and the loop reads the table.
  const known = cache?.getForProof(event.executionId);
  if (known && provesRecorded(known, event, key)) return { outcome: 'duplicate', event, summary: known };
  const fresh = cache?.get(event.executionId);
  const first = fresh ?? (await history.getSummary(event.executionId));
  if (first && first !== known && provesRecorded(first, event, key)) {
    return { outcome: 'duplicate', event, summary: first };
  }
  const written = await history.putEvent({ key, event, recordedAt: deps.now().toISOString() });
  const redelivered = written === 'exists';
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    const current = attempt === 0 ? first : await history.getSummary(event.executionId);
    const { summary, advanced, changed } = applyEvent(current, event);
    if (deps.deferReactions) {
      // Already applied: reacted to before, or already waiting for a delivery that can react.
      if (!changed && current) return { outcome: 'duplicate', event, summary: current };
      summary.unreacted = [...(summary.unreacted ?? []), key].slice(-MAX_UNREACTED);
    } else if (!changed && current?.unreacted?.includes(key)) {
      // Applied while the reactions could not run: finish them now, then clear the mark in the same save.
      summary.unreacted = current.unreacted.filter((pending) => pending !== key);
      summary.version += 1;
      const replay: Recorded = {
        outcome: summaryShowsEvent(current, event) ? 'new' : 'stale',
        event,
        previous: undefined,
        summary,
        replay: true,
      };
      await deps.beforeSave?.(replay);
      if ((await history.saveSummary(summary, current.version)) === 'saved') {
        cache?.set(summary);
        return replay;
      }
      cache?.delete(event.executionId);
      await backOff(attempt);
      continue;
    }
    if (!changed && current) {
      // Either an earlier delivery saved it, or (after a lost race) a concurrent twin did: reacted either way.
      if (redelivered || attempt > 0) return { outcome: 'duplicate', event, summary: current };
      // First delivery of an event the summary already implies (a late STARTED after its SUCCEEDED).
      const outcome: Recorded = { outcome: 'stale', event, previous: current, summary: current };
      await deps.beforeSave?.(outcome);
      return outcome;
    }
    const outcome: Recorded = {
      outcome: advanced ? 'new' : 'stale',
      event,
      previous: current,
      summary,
      ...(redelivered ? { replay: true } : {}),
    };
    await deps.beforeSave?.(outcome);
    if ((await history.saveSummary(summary, current?.version)) === 'saved') {
      cache?.set(summary);
      return outcome;
    }
    cache?.delete(event.executionId);
    await backOff(attempt);
  }
  throw new PipegateError('TRANSIENT', 'execution summary kept changing under concurrent writers', {
    details: { executionId: event.executionId },
  });
};
