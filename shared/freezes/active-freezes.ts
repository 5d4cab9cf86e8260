import { formatInTimeZone } from 'date-fns-tz';
import type { BreakGlass, Freeze, FreezeTarget } from '../config/freeze';
import { matchesTarget } from '../config/match-event';
import { frozenUntil } from './freeze-windows';

/** A freeze that holds an approval now, and when it lets go. */
export interface ActiveFreeze {
  freeze: Freeze;
  until: Date;
}

/**
 * Every freeze that matches the approval (same globs as routes and policies) and is in force at `now`.
 * `now` comes from the caller's clock port, so tests set the time.
 * @example
 * activeFreezes(config.freezes, { pipeline: 'prod-api', stage: 'Release', action: 'Approve' }, clock());
 */
export const activeFreezes = (freezes: readonly Freeze[], target: FreezeTarget, now: Date): ActiveFreeze[] =>
  freezes.flatMap((freeze) => {
    if (!matchesTarget(freeze.match, target)) return [];
    const until = frozenUntil(freeze, now);
    return until ? [{ freeze, until }] : [];
  });

/**
 * When a freeze ends, in its own zone, as people there read it.
 * @example
 * untilLabel({ freeze, until }); // 'Mon 7 Dec 2026 00:00 (Europe/Berlin)'
 */
export const untilLabel = (active: ActiveFreeze): string =>
  `${formatInTimeZone(active.until, active.freeze.timeZone, 'EEE d MMM yyyy HH:mm')} (${active.freeze.timeZone})`;

/** Who may break a freeze, for messages: Slack mentions as ids, user groups and addresses as written. */
export const breakGlassNames = (breakGlass: BreakGlass): string[] => [
  ...breakGlass.slack.users,
  ...breakGlass.slack.userGroups,
  ...breakGlass.emails,
];

/** One line for people: which freeze, until when, who can break it. */
export const describeFreeze = (active: ActiveFreeze): string => {
  const names = breakGlassNames(active.freeze.breakGlass);
  const breakers = names.length > 0 ? `break-glass: ${names.join(', ')}` : 'nobody may break it';
  return `Change freeze "${active.freeze.name}" until ${untilLabel(active)}; ${breakers}.`;
};

/**
 * The set of freezes in force, as one comparable key (names and ends, sorted; '' for none): what a posted
 * request shows is stored as this, and the sweeper re-renders the request when the key in force differs.
 * @example freezeSetKey(activeFreezes(config.freezes, record, now)); // 'weekend@2026-12-07T00:00:00.000Z'
 */
export const freezeSetKey = (active: readonly ActiveFreeze[]): string =>
  active
    .map(({ freeze, until }) => `${freeze.name}@${until.toISOString()}`)
    .sort()
    .join('|');
