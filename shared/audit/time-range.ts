import { PipegateError } from '../errors';

/** An inclusive time window; both ends are `Date#toISOString()` strings, as every stored time is. */
export interface TimeRange {
  from: string;
  to: string;
}

/** What an edge (query string, CLI flags) may say about a window; all optional, all unparsed. */
export interface TimeRangeInput {
  from?: string | undefined;
  to?: string | undefined;
  /** Alias of `from` that reads better with relative values (`--since 7d`). */
  since?: string | undefined;
}

/** The widest window a per-day query (failures, audit entries, export) walks: one Query per day. */
export const MAX_RANGE_DAYS = 400;

export const TIME_EXPRESSION_HELP =
  'expected an ISO date (2026-07-01), a date-time (2026-07-01T12:00:00Z), a relative duration ' +
  '(30m, 24h, 7d, 2w) or "now"';

const RELATIVE = /^(\d{1,6})([mhdw])$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DAY_MS = UNIT_MS.d;

const isUnit = (value: string): value is keyof typeof UNIT_MS => value in UNIT_MS;

/** `Date.parse` rolls 2026-02-30 over to March; a real calendar date survives the round trip. */
const isCalendarDate = (day: string): boolean => {
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
};

/**
 * Reads one end of a window. Dates mean whole UTC days (the start of the day as `from`, its last millisecond
 * as `to`, so `--to 2026-09-30` includes that day); date-times without a zone are UTC.
 * @returns undefined when the text is not a time expression
 * @example parseTimeExpression('7d', new Date('2026-07-08T00:00:00Z'), 'start') // 2026-07-01T00:00:00.000Z
 */
export const parseTimeExpression = (text: string, now: Date, end: 'start' | 'end'): Date | undefined => {
  const value = text.trim();
  if (value.toLowerCase() === 'now') return now;
  const relative = RELATIVE.exec(value);
  if (relative) {
    const [, amount, unit] = relative;
    if (!amount || !unit || !isUnit(unit)) return undefined;
    return new Date(now.getTime() - Number(amount) * UNIT_MS[unit]);
  }
  if (DATE_ONLY.test(value)) {
    if (!isCalendarDate(value)) return undefined;
    const start = new Date(`${value}T00:00:00.000Z`);
    return end === 'start' ? start : new Date(start.getTime() + DAY_MS - 1);
  }
  const dateTime = DATE_TIME.exec(value);
  if (!dateTime?.[1] || !isCalendarDate(dateTime[1])) return undefined;
  const parsed = new Date(dateTime[6] ? value : `${value}Z`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
};

/** True when {@link parseTimeExpression} can read `text` (for schema refinements at the edges). */
export const isTimeExpression = (text: string): boolean =>
  parseTimeExpression(text, new Date(0), 'start') !== undefined;

const invalid = (name: string, value: string): PipegateError =>
  new PipegateError('INVALID_REQUEST', `invalid ${name} "${value}": ${TIME_EXPRESSION_HELP}`, {
    details: { parameter: name },
  });

/**
 * Turns `since`/`from`/`to` into an absolute inclusive window; `to` defaults to now, `from` to `defaultSince`.
 * @throws PipegateError INVALID_REQUEST for unreadable values, both `since` and `from`, or `from` after `to`
 * @example resolveTimeRange({ since: '30d' }, new Date(), '7d')
 */
export const resolveTimeRange = (input: TimeRangeInput, now: Date, defaultSince: string): TimeRange => {
  if (input.since !== undefined && input.from !== undefined) {
    throw new PipegateError('INVALID_REQUEST', 'give either since or from, not both');
  }
  const fromName = input.since !== undefined ? 'since' : 'from';
  const fromText = input.since ?? input.from ?? defaultSince;
  const toText = input.to ?? 'now';
  const from = parseTimeExpression(fromText, now, 'start');
  if (!from) throw invalid(fromName, fromText);
  const to = parseTimeExpression(toText, now, 'end');
  if (!to) throw invalid('to', toText);
  if (from.getTime() > to.getTime()) {
    throw new PipegateError(
      'INVALID_REQUEST',
      `${fromName} (${from.toISOString()}) is after to (${to.toISOString()})`,
    );
  }
  return { from: from.toISOString(), to: to.toISOString() };
};

/**
 * The UTC days a window touches, oldest first (`yyyy-mm-dd`), for the per-day partitions.
 * @throws PipegateError INVALID_REQUEST when the window spans more than `maxDays`
 * @example daysIn({ from: '2026-07-01T10:00:00.000Z', to: '2026-07-02T01:00:00.000Z' }) // ['2026-07-01', '2026-07-02']
 */
export const daysIn = (range: TimeRange, maxDays = MAX_RANGE_DAYS): string[] => {
  const first = Date.parse(`${range.from.slice(0, 10)}T00:00:00Z`);
  const last = Date.parse(`${range.to.slice(0, 10)}T00:00:00Z`);
  const count = Math.round((last - first) / DAY_MS) + 1;
  if (count > maxDays) {
    throw new PipegateError(
      'INVALID_REQUEST',
      `time range spans ${count} days; at most ${maxDays} days per request (split it)`,
    );
  }
  return Array.from({ length: count }, (_, i) => new Date(first + i * DAY_MS).toISOString().slice(0, 10));
};
