import { parsePipelineEvent } from '../../shared/events/normalise-event';
import { applyEvent } from '../../shared/history/apply-event';
import type { ExecutionSummary } from '../../shared/history/execution-summary';
import { renderExecutionCard } from '../../shared/present/slack/execution-card';

/**
 * How many events change what an execution's card shows: the stream replayed offline, in delivery order,
 * through the same merge ingest uses (`applyEvent`, duplicates change nothing, stale events notify nobody)
 * and the same card renderer (runs without approvals, rendered as of the event's time). An event whose
 * render equals the previous one (e.g. an action STARTED right after its stage STARTED) changes nothing.
 * Concurrent batches apply a run's events in a slightly different order, so this is an estimate.
 * @example
 * countCardChangingEvents(deliveries); // 9 214
 */
export const countCardChangingEvents = (stream: readonly Record<string, unknown>[]): number => {
  const summaries = new Map<string, ExecutionSummary>();
  const shown = new Map<string, string>();
  let changes = 0;
  for (const envelope of stream) {
    const event = parsePipelineEvent(envelope);
    const current = summaries.get(event.executionId);
    const { summary, advanced, changed } = applyEvent(current, event);
    if (!changed) continue;
    summaries.set(event.executionId, summary);
    if (!advanced) continue;
    const card = JSON.stringify(renderExecutionCard(summary, { approvals: [], now: new Date(event.time) }));
    if (card === shown.get(event.executionId)) continue;
    shown.set(event.executionId, card);
    changes += 1;
  }
  return changes;
};
