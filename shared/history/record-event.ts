import { PipegateError } from '../errors';
import type { PipelineEvent } from '../events/pipeline-event';
import { sleep } from '../runtime/sleep';
import { applyEvent } from './apply-event';
import {
  actionKey,
  EVENTS_PER_PAGE,
  type ExecutionSummary,
  isWindowFull,
  type RecordedEvent,
} from './execution-summary';
import type { EventPage, HistoryStore } from './history-store';
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
      /**
       * True when a re-delivery finishes the reactions of an event recorded while they could not run (see
       * `deferReactions`). A delivery that failed before its save left no trace (the save records the event),
       * so its re-delivery is a first delivery again.
       */
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

/** The summary with `entry` in its window; a full window moves to the next history page first. */
const withEntry = (
  summary: ExecutionSummary,
  current: ExecutionSummary | undefined,
  entry: RecordedEvent,
): { summary: ExecutionSummary; page?: EventPage } => {
  const recent = current?.recentEvents ?? [];
  if (!isWindowFull(recent)) return { summary: { ...summary, recentEvents: [...recent, entry] } };
  const index = current?.eventPages ?? 0;
  return {
    summary: { ...summary, recentEvents: [entry], eventPages: index + 1 },
    page: { executionId: summary.executionId, index, entries: recent },
  };
};

/**
 * Records one event: the summary read first (cached when this process saved it lately), the merge, the
 * reactions, and one save guarded by the summary's version that both applies the event and records it in
 * the summary's window of recent events (moved to a history page every {@link EVENTS_PER_PAGE} events). A
 * new event costs one write (plus 1/8 of a page) and at most one read; a re-delivery the summary proves
 * applied costs that read only (none when cached) and no write.
 *
 * Dedupe needs no list of seen events. Merging is idempotent and the summary only moves forward, so an
 * event that changes the summary was never recorded (the save that recorded it would have applied it),
 * and one the summary shows is a duplicate. What is left, an event that changes nothing and that the
 * summary cannot prove (an earlier attempt's, a second final state), is looked up in the window and then
 * in the history pages: one Query, for those rare events only. The event and the summary share one item,
 * so no crash can record one without the other.
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
  const entry: RecordedEvent = { key, event, recordedAt: deps.now().toISOString() };
  // The pages are read once per delivery, again only if a concurrent writer moved a window meanwhile.
  let paged: { pages: number; found: boolean } | undefined;
  const recorded = async (current: ExecutionSummary): Promise<boolean> => {
    if (current.recentEvents?.some((recent) => recent.key === key)) return true;
    const pages = current.eventPages ?? 0;
    if (paged?.pages !== pages) {
      const stored = await history.listPagedEvents(event.executionId);
      paged = { pages, found: stored.some((entry) => entry.key === key) };
    }
    return paged.found;
  };
  const save = async (
    next: { summary: ExecutionSummary; page?: EventPage },
    current: ExecutionSummary | undefined,
  ): Promise<boolean> => {
    if (next.page) await history.putEventPage(next.page);
    if ((await history.saveSummary(next.summary, current?.version)) === 'saved') {
      cache?.set(next.summary);
      return true;
    }
    cache?.delete(event.executionId);
    return false;
  };
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    if (attempt > 0) await backOff(attempt - 1);
    const current = attempt === 0 ? first : await history.getSummary(event.executionId);
    const { summary, advanced, changed } = applyEvent(current, event);
    if (!changed && current) {
      if (current.unreacted?.includes(key)) {
        // Recorded while the reactions could not run: finish them now, then clear the mark in the same save.
        if (deps.deferReactions) return { outcome: 'duplicate', event, summary: current };
        const next = {
          ...current,
          unreacted: current.unreacted.filter((pending) => pending !== key),
          version: current.version + 1,
        };
        const replay: Recorded = {
          outcome: summaryShowsEvent(current, event) ? 'new' : 'stale',
          event,
          previous: undefined,
          summary: next,
          replay: true,
        };
        await deps.beforeSave?.(replay);
        if (await save({ summary: next }, current)) return replay;
        continue;
      }
      // Recorded before (by an earlier delivery or, after a lost race, a concurrent twin): reacted either way.
      if (await recorded(current)) return { outcome: 'duplicate', event, summary: current };
      // First delivery of an event the summary already implies (a late STARTED after its SUCCEEDED): it
      // joins the history, the summary's state stays as it is.
      const next = withEntry({ ...current, version: current.version + 1 }, current, entry);
      if (deps.deferReactions) {
        // The reactions cannot run now: its key waits on the summary for a re-delivery, as a new event's does.
        next.summary.unreacted = [...(current.unreacted ?? []), key].slice(-MAX_UNREACTED);
      }
      const outcome: Recorded = { outcome: 'stale', event, previous: current, summary: next.summary };
      await deps.beforeSave?.(outcome);
      if (await save(next, current)) return outcome;
      continue;
    }
    if (deps.deferReactions) {
      // The reactions cannot run now: keep the event's key on the summary for a re-delivery to finish.
      summary.unreacted = [...(summary.unreacted ?? []), key].slice(-MAX_UNREACTED);
    }
    const next = withEntry(summary, current, entry);
    const outcome: Recorded = {
      outcome: advanced ? 'new' : 'stale',
      event,
      previous: current,
      summary: next.summary,
    };
    await deps.beforeSave?.(outcome);
    if (await save(next, current)) return outcome;
  }
  throw new PipegateError('TRANSIENT', 'execution summary kept changing under concurrent writers', {
    details: { executionId: event.executionId },
  });
};
