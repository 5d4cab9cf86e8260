import type { Actor } from '../audit/audit-entry';
import type { BreakGlass, GroupMembers } from '../config/freeze';

const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * True when the `breakGlass` list names the person: their Slack user id, a Slack user group they are in
 * (asked of Slack only when the list has groups), or their email, case-insensitively.
 * @example
 * await mayBreakGlass({ slack: { users: ['U0LEAD001'], userGroups: [] }, emails: [] }, actor, chat);
 */
export const mayBreakGlass = async (
  breakGlass: BreakGlass,
  actor: Actor,
  chat: GroupMembers | undefined,
): Promise<boolean> => {
  const { slackUserId, email } = actor;
  if (slackUserId !== undefined && breakGlass.slack.users.includes(slackUserId)) return true;
  if (email !== undefined && email.trim() !== '') {
    const wanted = normaliseEmail(email);
    if (breakGlass.emails.some((listed) => normaliseEmail(listed) === wanted)) return true;
  }
  if (slackUserId === undefined || !chat) return false;
  for (const group of breakGlass.slack.userGroups) {
    if ((await chat.userGroupMembers(group)).includes(slackUserId)) return true;
  }
  return false;
};
