import type { BreakGlass, Freeze, FreezeTarget } from '../../config/freeze';
import { type ActiveFreeze, activeFreezes, untilLabel } from '../../freezes/active-freezes';
import { escapeMrkdwn } from '../text/format';

/** Break-glass people as Slack shows them: users and groups as mentions, addresses as text. */
const breakersMrkdwn = (breakGlass: BreakGlass): string[] => [
  ...breakGlass.slack.users.map((user) => `<@${user}>`),
  ...breakGlass.slack.userGroups.map((group) => `<!subteam^${group}>`),
  ...breakGlass.emails.map(escapeMrkdwn),
];

/**
 * The line under the buttons while a change freeze holds the approval: which freeze, until when (in the
 * freeze's zone) and who can break it. Reject still works, so the line says so.
 * @example
 * freezeNoticeMrkdwn([{ freeze, until }]); // '❄️ Change freeze *weekend* until Mon 7 Dec 2026 00:00 (Europe/Berlin) …'
 */
export const freezeNoticeMrkdwn = (freezes: readonly ActiveFreeze[]): string =>
  freezes
    .map((active) => {
      const breakers = breakersMrkdwn(active.freeze.breakGlass);
      const who = breakers.length > 0 ? `break-glass: ${breakers.join(', ')}` : 'nobody may break it';
      return `❄️ Change freeze *${escapeMrkdwn(active.freeze.name)}* until ${escapeMrkdwn(untilLabel(active))}: approve is held, reject works; ${who}.`;
    })
    .join('\n');

/**
 * The request's render option while a freeze holds the approval (nothing otherwise): one rule for the request
 * as first posted and as re-rendered to show a quorum's progress.
 */
export const freezeNoticeFor = (
  freezes: readonly Freeze[],
  target: FreezeTarget,
  now: Date,
): { freezeNotice?: string } => {
  const active = activeFreezes(freezes, target, now);
  return active.length > 0 ? { freezeNotice: freezeNoticeMrkdwn(active) } : {};
};
