import type { ExecutionSummary } from '../../../history/execution-summary';
import { decodeStored } from './decode-stored';
import { storedExecutionSummarySchema } from './execution-summary-schema';
import { commonOf, packEntries, unpackEntries } from './recorded-events';

/** The attributes a summary item stores: its state as JSON, its window of recent events packed beside it. */
export const summaryAttributes = (summary: ExecutionSummary) => {
  const { recentEvents, ...state } = summary;
  return {
    // One JSON string instead of a nested map: far cheaper to marshal, sign and store on every event.
    summary: JSON.stringify(state),
    recent: recentEvents?.length ? packEntries(recentEvents, summary) : undefined,
  };
};

/** A summary item's state read back, validated; its window of recent events is left packed (lists need none). */
export const summaryOf = (item: Record<string, unknown>): ExecutionSummary =>
  decodeStored(item, 'summary', storedExecutionSummarySchema);

/** A summary item read back with its window of recent events unpacked (recording, the timeline). */
export const summaryWithWindow = (item: Record<string, unknown>): ExecutionSummary => {
  const summary = summaryOf(item);
  if (item.recent === undefined) return summary;
  return { ...summary, recentEvents: unpackEntries(item, 'recent', commonOf(summary)) };
};
