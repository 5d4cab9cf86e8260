import { addDays, format, getISODay, parseISO } from 'date-fns';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import type { Freeze, WeeklyWindow } from '../config/freeze';

/** One occurrence of a freeze window, as instants. */
export interface Occurrence {
  start: Date;
  end: Date;
}

const ISO_DAY_NAMES = ['', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A calendar date (yyyy-MM-dd) moved by whole days: calendar arithmetic, so no DST hour is lost or gained. */
const shiftDate = (date: string, days: number): string => format(addDays(parseISO(date), days), 'yyyy-MM-dd');

/** A wall-clock time on a calendar date in `timeZone`, as an instant; "24:00" is the next day's midnight. */
const wallClock = (date: string, time: string, timeZone: string): Date =>
  time === '24:00'
    ? fromZonedTime(`${shiftDate(date, 1)}T00:00:00`, timeZone)
    : fromZonedTime(`${date}T${time}:00`, timeZone);

/** The occurrence of a weekly window that starts on `date` (local), if the window runs on that weekday. */
const weeklyOccurrence = (window: WeeklyWindow, date: string, timeZone: string): Occurrence | undefined => {
  const day = ISO_DAY_NAMES[getISODay(parseISO(date))];
  if (!window.days.some((listed) => listed === day)) return undefined;
  const overnight = window.to !== '24:00' && window.to <= window.from;
  return {
    start: wallClock(date, window.from, timeZone),
    end: wallClock(overnight ? shiftDate(date, 1) : date, window.to, timeZone),
  };
};

const contains = (occurrence: Occurrence, at: Date): boolean =>
  occurrence.start.getTime() <= at.getTime() && at.getTime() < occurrence.end.getTime();

/**
 * The occurrence of the freeze's window that contains `at`, if any. A weekly window may have started the
 * local day before (overnight windows), so yesterday's and today's occurrences are both looked at.
 * @example
 * occurrenceAt(weekendFreeze, new Date('2026-12-05T12:00:00Z')); // { start: Sat 00:00, end: Sun 00:00 } (local)
 */
export const occurrenceAt = (freeze: Freeze, at: Date): Occurrence | undefined => {
  const { window, timeZone } = freeze;
  if (window.kind === 'once') {
    return contains(window, at) ? { start: window.start, end: window.end } : undefined;
  }
  const today = formatInTimeZone(at, timeZone, 'yyyy-MM-dd');
  return [shiftDate(today, -1), today]
    .map((date) => weeklyOccurrence(window, date, timeZone))
    .find((occurrence): occurrence is Occurrence => occurrence !== undefined && contains(occurrence, at));
};

/** Back-to-back occurrences (Saturday then Sunday) are one freeze to the people waiting: a week at most. */
const MAX_JOINED = 8;

/**
 * When the freeze active at `at` lets go: the end of its occurrence, joined with occurrences that start
 * exactly then (a weekend of two whole days ends on Monday 00:00, not Sunday 00:00).
 */
export const frozenUntil = (freeze: Freeze, at: Date): Date | undefined => {
  let current = occurrenceAt(freeze, at);
  if (!current) return undefined;
  for (let joined = 0; joined < MAX_JOINED; joined += 1) {
    const next = occurrenceAt(freeze, current.end);
    if (!next) break;
    current = next;
  }
  return current.end;
};
