import { isValid, parseISO } from 'date-fns';
import { fromZonedTime } from 'date-fns-tz';
import * as z from 'zod';
import { email, slackGroupId, slackUserId, strictObject } from './config-fields';
import { show } from './config-issues';
import type { Freeze } from './freeze';
import { WEEKDAYS } from './freeze';
import { approvalMatch } from './match-schema';

/** Schema of `freezes:` (docs/configuration.md, "Change freezes"). */

const knownZones = (): string[] => Intl.supportedValuesOf('timeZone');

/** Intl knows every IANA zone (and its aliases such as UTC); an unknown one throws. */
const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const zoneHint = (zone: string): string => {
  const wanted = zone.toLowerCase().replace(/[\s-]/g, '_');
  const near = knownZones().find(
    (known) => known.toLowerCase() === wanted || known.toLowerCase().endsWith(`/${wanted}`),
  );
  return near
    ? ` (did you mean ${show(near)}?)`
    : ' (expected an IANA zone such as "Europe/Berlin" or "UTC")';
};

const timeZone = z
  .string({ error: 'must name an IANA time zone, e.g. "Europe/Berlin"' })
  .trim()
  .refine(isTimeZone, {
    error: (issue) => `${show(issue.input)} is not a time zone${zoneHint(String(issue.input))}`,
  })
  // Intl takes "europe/berlin" too; people are told the zone's proper name.
  .transform((zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone);

const clock = (allowEndOfDay: boolean) =>
  z
    .string({
      error: (issue) =>
        typeof issue.input === 'number'
          ? 'must be a quoted time such as "15:00"'
          : 'must be a time such as "15:00"',
    })
    .regex(allowEndOfDay ? /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/ : /^([01]\d|2[0-3]):[0-5]\d$/, {
      error: (issue) =>
        `${show(issue.input)} is not a time (expected "HH:MM", 00:00–23:59${allowEndOfDay ? ' or "24:00"' : ''})`,
    });

const weekday = z.enum(WEEKDAYS, {
  error: (issue) => `${show(issue.input)} is not a day (expected one of ${WEEKDAYS.join(', ')})`,
});

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(:\d{2})?)(Z|[+-]\d{2}:\d{2})?$/;

/** A date-time as written: local to the freeze's zone, or with its own offset. Impossible dates are refused. */
const dateTime = z
  .string({ error: 'must be a quoted date-time such as "2026-12-21T00:00"' })
  .trim()
  .refine((value) => LOCAL_DATE_TIME.test(value) && isValid(parseISO(value)), {
    error: (issue) =>
      `${show(issue.input)} is not a date-time (expected "YYYY-MM-DDTHH:MM", optionally with an offset such as "+01:00")`,
  });

const hasOffset = (value: string): boolean => /(Z|[+-]\d{2}:\d{2})$/.test(value);

/** Local date-times are read in the freeze's zone (DST-correct); one with an offset means that instant. */
const instant = (value: string, zone: string): Date =>
  hasOffset(value) ? new Date(value) : fromZonedTime(value, zone);

const breakGlass = strictObject({
  slack: strictObject({
    users: z.array(slackUserId).optional(),
    userGroups: z.array(slackGroupId).optional(),
  }).optional(),
  emails: z.array(email).optional(),
});

const freeze = strictObject({
  name: z.string({ error: 'a freeze needs a name (people are told which freeze holds them)' }).trim().min(1),
  match: approvalMatch,
  timeZone,
  days: z.array(weekday).min(1, 'must list at least one day').optional(),
  from: clock(false).optional(),
  to: clock(true).optional(),
  start: dateTime.optional(),
  end: dateTime.optional(),
  breakGlass: breakGlass.optional(),
}).superRefine((entry, ctx) => {
  const once = entry.start !== undefined || entry.end !== undefined;
  if (once && (entry.days || entry.from || entry.to)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'is both a one-off range (start/end) and a weekly window (days/from/to): split it into two freezes',
    });
    return;
  }
  if (!once && !entry.days) {
    ctx.addIssue({
      code: 'custom',
      message: 'has no window: give start and end (one-off) or days with optional from/to (weekly)',
    });
    return;
  }
  if (once) {
    for (const key of ['start', 'end'] as const) {
      if (entry[key] === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `a one-off freeze needs ${key}` });
    }
    if (entry.start && entry.end && isTimeZone(entry.timeZone)) {
      if (instant(entry.end, entry.timeZone) <= instant(entry.start, entry.timeZone)) {
        ctx.addIssue({
          code: 'custom',
          path: ['end'],
          message: `${show(entry.end)} is not after start ${show(entry.start)}`,
        });
      }
    }
  } else if ((entry.from ?? '00:00') === (entry.to ?? '24:00')) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'equals from, an empty window (omit from and to for whole days)',
    });
  }
});

export const freezesSchema = z.array(freeze).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.name)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `${show(entry.name)} names another freeze too`,
      });
    }
    seen.add(entry.name);
  });
});

type FreezeEntry = z.infer<typeof freeze>;

/** The resolved freeze: defaults applied, one-off date-times turned into instants. */
export const toFreeze = (entry: FreezeEntry): Freeze => ({
  name: entry.name,
  match: entry.match,
  timeZone: entry.timeZone,
  window:
    entry.days !== undefined
      ? {
          kind: 'weekly',
          days: [...new Set(entry.days)],
          from: entry.from ?? '00:00',
          to: entry.to ?? '24:00',
        }
      : {
          kind: 'once',
          start: instant(entry.start ?? '', entry.timeZone),
          end: instant(entry.end ?? '', entry.timeZone),
        },
  breakGlass: {
    slack: {
      users: entry.breakGlass?.slack?.users ?? [],
      userGroups: entry.breakGlass?.slack?.userGroups ?? [],
    },
    emails: entry.breakGlass?.emails ?? [],
  },
});
