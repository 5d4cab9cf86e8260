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
