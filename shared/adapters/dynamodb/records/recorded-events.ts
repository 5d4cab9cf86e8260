import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as z from 'zod';
import { PipegateError } from '../../../errors';
import type { RecordedEvent } from '../../../history/execution-summary';
import { semanticKey } from '../../../history/semantic-key';
import { decodeStored } from './decode-stored';
import { storedPipelineEventSchema } from './pipeline-event-schema';

/** What every event of one execution carries alike: the item holding the entries names it once. */
export interface EntryCommon {
  pipeline?: unknown;
  executionId?: unknown;
  account?: unknown;
  region?: unknown;
}

const COMMON_FIELDS = ['pipeline', 'executionId', 'account', 'region'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Recorded events as the summary's window and the history pages store them: each field the item names in
 * `common` left out when equal (null when the event lacks it), and without the key (derived from the
 * event). About 40 % smaller, which the summary's write units feel on every event.
 */
export const compactEntries = (entries: readonly RecordedEvent[], common: EntryCommon) =>
  entries.map(({ event, recordedAt }) => {
    const compact: Record<string, unknown> = { ...event };
    for (const field of COMMON_FIELDS) {
      if (compact[field] === common[field]) delete compact[field];
      else if (compact[field] === undefined) compact[field] = null;
    }
    return { recordedAt, event: compact };
  });

/** Puts back what {@link compactEntries} left out, before the entries are validated. */
export const withCommon = (entries: unknown, common: EntryCommon): unknown =>
  Array.isArray(entries)
    ? entries.map((entry) => {
        if (!isRecord(entry) || !isRecord(entry.event)) return entry;
        const event: Record<string, unknown> = { ...entry.event };
        for (const field of COMMON_FIELDS) {
          if (event[field] === null) delete event[field];
          else if (!(field in event) && common[field] !== undefined) event[field] = common[field];
        }
        return { ...entry, event };
      })
    : entries;

/** The fields an item names for its entries (a summary's own, a page's attributes). */
export const commonOf = (item: EntryCommon): EntryCommon => ({
  pipeline: item.pipeline,
  executionId: item.executionId,
  account: item.account,
  region: item.region,
});

const storedEntrySchema = z
  .object({ recordedAt: z.string(), event: storedPipelineEventSchema })
  .transform(({ recordedAt, event }): RecordedEvent => ({ key: semanticKey(event), event, recordedAt }));

/** Entries after {@link withCommon}: each a full event, its key derived again. */
export const storedRecordedEventsSchema = z.array(storedEntrySchema);

/**
 * Entries as one compressed binary attribute (the summary's window, a page). DynamoDB bills a binary value by
 * its bytes, and eight entries repeat the same names and values: deflated they take about a third, which the
 * summary save feels on every event (AWS's own advice for large attribute values). History is read rarely
 * (a timeline, a rare dedupe), the summary's state stays readable JSON.
 */
export const packEntries = (entries: readonly RecordedEvent[], common: EntryCommon): Uint8Array =>
  deflateRawSync(JSON.stringify(compactEntries(entries, common)));

/**
 * The entries a {@link packEntries} attribute holds, validated; fails loudly naming the item, like every
 * stored record.
 * @throws PipegateError INVALID_RECORD when the attribute is not deflated JSON of entries
 */
export const unpackEntries = (
  item: Record<string, unknown>,
  attribute: string,
  common: EntryCommon,
): RecordedEvent[] => {
  const value = item[attribute];
  let text: string;
  try {
    if (!(value instanceof Uint8Array)) throw new TypeError(`not binary but ${typeof value}`);
    text = inflateRawSync(value).toString('utf8');
  } catch (cause) {
    throw new PipegateError(
      'INVALID_RECORD',
      `stored item ${String(item.pk)} ${String(item.sk)}: ${attribute} is not deflated JSON`,
      { cause, details: { pk: String(item.pk), sk: String(item.sk), attribute } },
    );
  }
  const schema = z.preprocess((entries) => withCommon(entries, common), storedRecordedEventsSchema);
  return decodeStored({ ...item, [attribute]: text }, attribute, schema);
};
