import type { ExecutionSummary } from '../../../history/execution-summary';
import type { HistoryEntry } from '../../../history/history-store';
import { semanticKey } from '../../../history/semantic-key';
import { decodeStored } from './decode-stored';
import { storedPipelineEventSchema } from './pipeline-event-schema';
import { commonOf, unpackEntries } from './recorded-events';

/**
 * The recorded events one history item holds: a page (`kind: 'events'`) holds a full window, an item from
 * before pages existed (`kind: 'event'`) one event. Other kinds hold none.
 */
export const historyEntriesOf = (item: Record<string, unknown>): HistoryEntry[] => {
  if (item.kind === 'event') {
    const event = decodeStored(item, 'event', storedPipelineEventSchema);
    return [{ key: semanticKey(event), event, recordedAt: String(item.recordedAt) }];
  }
  if (item.kind !== 'events') return [];
  // The page names its execution once; its entries leave it out (see recorded-events).
  return unpackEntries(item, 'events', commonOf(item));
};

/** The page index an `EVENTS#<n>` sort key names. */
const pageIndexOf = (item: Record<string, unknown>): number => Number(String(item.sk).split('#')[1]);

/**
 * An execution's recorded events from the items under its partition, oldest page first: the pages its
 * summary counts, items from before pages, then the summary's window. A page at or past the summary's count
 * was written by a save that then failed or lost its race, so it repeats the window (or will be rewritten
 * by the next move): it is left out, so no event shows twice.
 */
export const executionHistory = (
  items: readonly Record<string, unknown>[],
  summary: ExecutionSummary | undefined,
): HistoryEntry[] => {
  const pages = summary?.eventPages ?? 0;
  const counted = items.filter((item) => item.kind !== 'events' || !summary || pageIndexOf(item) < pages);
  return [...counted.flatMap(historyEntriesOf), ...(summary?.recentEvents ?? [])];
};
