import type { Actor, RefusalReason } from '../audit/audit-entry';
import type { ApprovalPolicy } from '../config/pipegate-config';
import type { ChatPort } from '../notify/chat-port';
import { isAllowedApprover } from './approval-policy';
import type { ApprovalRecord } from './approval-record';

/** The user groups of `policy` that the Slack user is in (resolved with usergroups.users.list). */
const groupsOf = async (
  policy: ApprovalPolicy,
  actor: Actor,
  chat: ChatPort | undefined,
): Promise<string[]> => {
  const groups = policy.slack?.userGroups ?? [];
  if (!actor.slackUserId || !chat || groups.length === 0) return [];
  const memberships = await Promise.all(
    groups.map(async (group) =>
      (await chat.userGroupMembers(group)).includes(actor.slackUserId ?? '') ? group : undefined,
    ),
  );
  return memberships.filter((group): group is string => group !== undefined);
};

/**
 * Why this actor may not decide this approval, or undefined when they may. No policy means nobody may
 * approve through pipegate (the console still works), so a missing rule never opens the gate.
 */
export const refusalFor = async (
  record: ApprovalRecord,
  policy: ApprovalPolicy | undefined,
  actor: Actor,
  chat: ChatPort | undefined,
): Promise<RefusalReason | undefined> => {
  if (!policy) return 'NOT_ALLOWED';
  const slackGroups = await groupsOf(policy, actor, chat);
  if (!isAllowedApprover(policy, { slackUserId: actor.slackUserId, email: actor.email, slackGroups })) {
    return 'NOT_ALLOWED';
  }
  const author = record.trigger?.authorEmail?.toLowerCase();
  if (policy.preventSelfApproval && author && actor.email?.toLowerCase() === author) return 'SELF_APPROVAL';
  return undefined;
};
