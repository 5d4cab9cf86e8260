import type { Actor, RefusalReason } from '../audit/audit-entry';
import type { ApprovalPolicy } from '../config/pipegate-config';
import type { ChatPort } from '../delivery/chat-port';
import { isAllowedApprover } from './approval-policy';
import type { ApprovalRecord } from './approval-record';
import { changeIdentities, matchedIdentity } from './change-identities';

/** Why an actor may not decide, with the detail that goes on the audit record. */
export interface ApproverRefusal {
  reason: RefusalReason;
  details: Record<string, string>;
}

/** The user groups of `policy` that the Slack user is in (resolved with usergroups.users.list). */
export const groupsOf = async (
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

/** Self-approval and distinctness: the approver against every identity known for the change. */
const authorRefusal = async (
  record: ApprovalRecord,
  policy: ApprovalPolicy,
  actor: Actor,
  chat: ChatPort | undefined,
): Promise<ApproverRefusal | undefined> => {
  const required = new Set(policy.requireDistinctFrom);
  if (!policy.preventSelfApproval && required.size === 0) return undefined;
  // Only a Slack approver needs the author's Slack user; an email approver is compared by email.
  const identities = await changeIdentities(record.trigger, actor.slackUserId ? chat : undefined);
  const matched = matchedIdentity(actor, identities);
  const counts =
    matched !== undefined &&
    (policy.preventSelfApproval ||
      (required.has('author') && matched !== 'execution-starter') ||
      (required.has('trigger') && matched === 'execution-starter'));
  if (counts) return { reason: 'SELF_APPROVAL', details: { matched } };
  if (required.has('author') && !identities.authorEmail) {
    return { reason: 'NOT_ALLOWED', details: { why: 'author-unknown' } };
  }
  if (required.has('trigger') && !identities.starter) {
    return { reason: 'NOT_ALLOWED', details: { why: 'starter-unknown' } };
  }
  return undefined;
};

/**
 * Why this actor may not decide this approval, or undefined when they may. No policy means nobody may
 * approve through pipegate (the console still works), so a missing rule never opens the gate. Only people
 * decide: a Slack user (Slack signed the request) or an address listed under `emails` — never one under
 * `inform`, which may be a shared mailbox.
 */
export const refusalFor = async (
  record: ApprovalRecord,
  policy: ApprovalPolicy | undefined,
  actor: Actor,
  chat: ChatPort | undefined,
): Promise<ApproverRefusal | undefined> => {
  if (!policy) return { reason: 'NOT_ALLOWED', details: { why: 'no-policy' } };
  const slackGroups = await groupsOf(policy, actor, chat);
  if (!isAllowedApprover(policy, { slackUserId: actor.slackUserId, email: actor.email, slackGroups })) {
    return { reason: 'NOT_ALLOWED', details: { why: 'not-an-approver' } };
  }
  return authorRefusal(record, policy, actor, chat);
};
