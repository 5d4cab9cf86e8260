import type { SlackCall, SlackMessage } from '../../local/standins/slack';
import { parsePipelineEvent } from '../../shared/events/normalise-event';
import { applyEvent } from '../../shared/history/apply-event';
import type { ExecutionSummary } from '../../shared/history/execution-summary';
import { isPriorityChange } from '../../shared/notify/notify-execution';
import { renderExecutionCard } from '../../shared/present/slack/execution-card';
import { percentile, round } from './bench-env';

export interface CardChange {
  executionId: string;
  pipeline: string;
  priority: boolean;
  /** What changed it, e.g. `action FAILED` (to tell which kinds make up a slow tail). */
  kind: string;
  /** Virtual time the event was first delivered (ms). */
  deliveredAt: number;
  /** Slack calls made before its batch started: a card call after that can show it. */
  callsBefore: number;
}

/**
 * The events that change what a card shows (offline replay in first-delivery order through the same merge
 * and renderer), given when each was delivered. Duplicates change nothing and are skipped.
 */
export const cardChanges = (
  deliveries: ReadonlyArray<{ envelope: Record<string, unknown>; at: number; callsBefore: number }>,
): CardChange[] => {
  const summaries = new Map<string, ExecutionSummary>();
  const shown = new Map<string, string>();
  const changes: CardChange[] = [];
  for (const { envelope, at, callsBefore } of deliveries) {
    const event = parsePipelineEvent(envelope);
    const { summary, advanced, changed } = applyEvent(summaries.get(event.executionId), event);
    if (!changed) continue;
    summaries.set(event.executionId, summary);
    if (!advanced) continue;
    const card = JSON.stringify(renderExecutionCard(summary, { approvals: [], now: new Date(event.time) }));
    if (card === shown.get(event.executionId)) continue;
    shown.set(event.executionId, card);
    changes.push({
      executionId: event.executionId,
      pipeline: event.pipeline,
      priority: isPriorityChange(event, summary),
      kind: `${event.level} ${event.state}`,
      deliveredAt: at,
      callsBefore,
    });
  }
  return changes;
};

const PIPELINE = /scale-\d{4}/;

/** Card calls Slack took (posts and updates, not thread replies), with their index and virtual time, by pipeline. */
const cardCallsByPipeline = (calls: readonly SlackCall[], messages: readonly SlackMessage[]) => {
  const pipelineOfTs = new Map<string, string>();
  for (const message of messages) {
    const pipeline = message.history[0]?.text?.match(PIPELINE)?.[0];
    if (!message.thread_ts && pipeline) pipelineOfTs.set(message.ts, pipeline);
  }
  const byPipeline = new Map<string, Array<{ index: number; at: number; method: string }>>();
  calls.forEach((call, index) => {
    if (call.status === 429) return;
    const isCard =
      call.method === 'chat.update' || (call.method === 'chat.postMessage' && !call.args.thread_ts);
    if (!isCard) return;
    const pipeline =
      call.method === 'chat.update'
        ? pipelineOfTs.get(String(call.args.ts))
        : String(call.args.text ?? '').match(PIPELINE)?.[0];
    if (!pipeline) return;
    const list = byPipeline.get(pipeline) ?? [];
    list.push({ index, at: call.at ?? 0, method: call.method });
    byPipeline.set(pipeline, list);
  });
  return byPipeline;
};

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Seconds: round(percentile(sorted, 50) / 1000, 1),
    p99Seconds: round(percentile(sorted, 99) / 1000, 1),
    maxSeconds: round((sorted.at(-1) ?? 0) / 1000, 1),
  };
};

/**
 * Staleness: virtual time from an event's delivery to the first card call Slack took for its execution
 * after that (renders are always of the newest summary, so that call shows it). Never shown = lost.
 */
export const cardStaleness = (
  changes: readonly CardChange[],
  calls: readonly SlackCall[],
  messages: readonly SlackMessage[],
) => {
  const byPipeline = cardCallsByPipeline(calls, messages);
  // When each run's final state was delivered (its pipeline-level terminal change).
  const finalOf = new Map<string, number>();
  for (const change of changes) {
    if (/^pipeline (SUCCEEDED|FAILED|STOPPED|SUPERSEDED|CANCELED)$/.test(change.kind)) {
      finalOf.set(change.executionId, change.deliveredAt);
    }
  }
  const priority: number[] = [];
  const intermediate: number[] = [];
  type Shown = { kind: string; seconds: number; shownBy: string };
  const slowPriority: Shown[] = [];
  const slowIntermediate: Shown[] = [];
  let neverShown = 0;
  let neverShownPriority = 0;
  for (const change of changes) {
    const shownBy = byPipeline.get(change.pipeline)?.find((call) => call.index >= change.callsBefore);
    if (!shownBy) {
      neverShown += 1;
      if (change.priority) neverShownPriority += 1;
      continue;
    }
    const ms = Math.max(0, shownBy.at - change.deliveredAt);
    (change.priority ? priority : intermediate).push(ms);
    // Which call showed it: one made after the run's final state arrived (so likely its update), or earlier.
    const final = finalOf.get(change.executionId);
    const by = `${shownBy.method}${final !== undefined && shownBy.at >= final ? ' after the final state arrived' : ''}`;
    (change.priority ? slowPriority : slowIntermediate).push({
      kind: change.kind,
      seconds: round(ms / 1000, 1),
      shownBy: by,
    });
  }
  // The slowest 1 %: which kinds of change, and which call finally showed them.
  const slowest = (entries: Shown[]) => {
    const tail = entries.sort((a, b) => b.seconds - a.seconds).slice(0, Math.ceil(entries.length / 100));
    const countBy = (key: (entry: Shown) => string) =>
      tail.reduce<Record<string, number>>((counts, entry) => {
        counts[key(entry)] = (counts[key(entry)] ?? 0) + 1;
        return counts;
      }, {});
    return { byKind: countBy((entry) => entry.kind), byCall: countBy((entry) => entry.shownBy) };
  };
  return {
    priority: stats(priority),
    intermediate: stats(intermediate),
    neverShown,
    neverShownPriority,
    slowestPriorityPercent: slowest(slowPriority),
    slowestIntermediatePercent: slowest(slowIntermediate),
  };
};
