import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { historyEntriesOf } from '../../shared/adapters/dynamodb/records/history-items';
import { summaryWithWindow } from '../../shared/adapters/dynamodb/records/summary-item';
import type { RecordedEvent } from '../../shared/history/execution-summary';
import { itemSize } from './write-units';

type Item = Record<string, AttributeValue>;

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

/** An event as its own history item, the way pipegate stored one per event before history pages. */
const ownItem = (entry: RecordedEvent, expiresAt: unknown): Item =>
  marshall(
    {
      pk: `EXEC#${entry.event.executionId}`,
      sk: `EVENT#${entry.key}`,
      kind: 'event',
      time: entry.event.time,
      recordedAt: entry.recordedAt,
      level: entry.event.level,
      state: entry.event.state,
      event: JSON.stringify(entry.event),
      expiresAt,
    },
    { removeUndefinedValues: true },
  );

/**
 * The floor the issue sets, "one event put plus one summary put" per event, at this run's sizes: the event
 * as its own history item (how events were stored before pages) and the summary without its window of
 * recent events. The run's real writes (a larger summary, 1/8 page per event) are billed against it.
 */
export const writeFloor = (images: ReadonlyMap<string, Item>) => {
  const summaries: number[] = [];
  const events: number[] = [];
  for (const [key, image] of images) {
    const item = unmarshall(image);
    if (key.endsWith('|SUMMARY')) {
      const { recent: _recent, ...state } = image;
      summaries.push(itemSize(state));
      const entries = summaryWithWindow(item).recentEvents ?? [];
      events.push(...entries.map((entry) => itemSize(ownItem(entry, item.expiresAt))));
    } else if (item.kind === 'events' || item.kind === 'event') {
      events.push(...historyEntriesOf(item).map((entry) => itemSize(ownItem(entry, item.expiresAt))));
    }
  }
  const meanSummaryBytes = mean(summaries);
  const meanEventItemBytes = mean(events);
  return {
    meanSummaryBytes,
    meanEventItemBytes,
    unitsPerEvent: Math.ceil(meanEventItemBytes / 1024) + Math.ceil(meanSummaryBytes / 1024),
  };
};
