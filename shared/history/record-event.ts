import { PipegateError } from '../errors';
import type { PipelineEvent } from '../events/pipeline-event';
import { applyEvent } from './apply-event';
import type { ExecutionSummary } from './execution-summary';
import type { HistoryStore } from './history-store';
import type { KeyedQueue } from './keyed-queue';
import { semanticDigest, semanticKey } from './semantic-key';
import type { SummaryCache } from './summary-cache';

/**
 * What recording an event did, so notifications and approvals can react without re-reading:
 * - `new`: first time this semantic event is seen and it moved the summary forward;
 * - `stale`: first time seen, recorded in history, but older than what the summary shows;
 * - `duplicate`: already applied (same or new envelope id) — nothing was changed.
 */
export type RecordOutcome =
  | {
      outcome: 'new' | 'stale';
      event: PipelineEvent;
      previous: ExecutionSummary | undefined;
      summary: ExecutionSummary;
      /** True when a re-delivery replays reactions an earlier delivery recorded but did not finish. */
      replay?: boolean;
    }
  | { outcome: 'duplicate'; event: PipelineEvent; summary: ExecutionSummary };

export interface RecordEventDeps {
  history: HistoryStore;
  now: () => Date;
  cache?: SummaryCache;
  /** Serialises events of one execution within this process, so they don't race for the version. */
  queue?: KeyedQueue;
}

const MAX_CONFLICT_RETRIES = 10;

/** Jittered back-off after a lost race, so writers that collided do not collide again in lock-step. */
const backOff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (attempt + 1)));

/**
 * Records one event: the history entry first (conditional on its semantic key), then the summary guarded
 * by its version. A new event costs two conditional writes (plus a read unless this process saved the
 * summary moments ago); a duplicate costs at most one. A crash between the two writes is repaired by
 * re-delivery: the summary has not seen the event yet, so it is applied then.
 * @example
 * const result = await recordEvent(parsePipelineEvent(envelope), { history, now: () => new Date() });
 */
export const recordEvent = (event: PipelineEvent, deps: RecordEventDeps): Promise<RecordOutcome> =>
  deps.queue ? deps.queue.run(event.executionId, () => record(event, deps)) : record(event, deps);

const record = async (event: PipelineEvent, deps: RecordEventDeps): Promise<RecordOutcome> => {
  const digest = semanticDigest(event);
  const { history, cache } = deps;
  let entryWritten = false;
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    const cached = attempt === 0 ? cache?.get(event.executionId) : undefined;
    let current = cached ?? (await history.getSummary(event.executionId));
    if (current?.seen.includes(digest)) return { outcome: 'duplicate', event, summary: current };
    if (!entryWritten) {
      entryWritten = true;
      const written = await history.putEvent({
        key: semanticKey(event),
        event,
        recordedAt: deps.now().toISOString(),
      });
      // Already in history while the cached summary has not seen it: the cache is behind, ask the table.
      if (written === 'exists' && cached) {
        current = await history.getSummary(event.executionId);
        if (current?.seen.includes(digest)) return { outcome: 'duplicate', event, summary: current };
      }
    }
    const { summary, advanced } = applyEvent(current, event, digest);
    if ((await history.saveSummary(summary, current?.version)) === 'saved') {
      cache?.set(summary);
      return { outcome: advanced ? 'new' : 'stale', event, previous: current, summary };
    }
    cache?.delete(event.executionId);
    await backOff(attempt);
  }
  throw new PipegateError('TRANSIENT', 'execution summary kept changing under concurrent writers', {
    details: { executionId: event.executionId },
  });
};
