import type { Actor } from '../audit/audit-entry';
import type { ApprovalPolicy } from '../config/pipegate-config';
import type { ChatPort } from '../delivery/chat-port';
import { PipegateError } from '../errors';
import type { ApprovalRecord, ApprovalVote } from './approval-record';
import { groupsOf } from './check-approver';
import { type ClaimDeps, isLiveClaim } from './claim-approval';
import { countVote } from './count-vote';

/**
 * Each voter competes with at most `required` others for one version of the record, so a few more rounds
 * than the largest quorum let every concurrent vote either land or learn the approval is settled.
 */
const MAX_ROUNDS = 12;

export type VoteResult =
  | { kind: 'counted'; record: ApprovalRecord; reached: boolean }
  | { kind: 'refused'; reason: 'ALREADY_VOTED' | 'NOT_ALLOWED'; details: Record<string, string> }
  /** Decided, or being decided, by someone else meanwhile (a reached quorum, a reject, the console). */
  | { kind: 'settled'; record: ApprovalRecord };

/**
 * The policy's user groups the voter is in, for `distinctGroups`: a Slack voter directly, an email voter
 * through the Slack user with that address (none: no group, so they cannot count towards distinct groups).
 */
export const voterGroups = async (
  policy: ApprovalPolicy,
  actor: Actor,
  chat: ChatPort | undefined,
): Promise<string[] | undefined> => {
  if (!policy.distinctGroups) return undefined;
  if (actor.slackUserId) return groupsOf(policy, actor, chat);
  if (!actor.email || !chat) return [];
  const user = await chat.userByEmail(actor.email);
  return user ? groupsOf(policy, { ...actor, slackUserId: user.id }, chat) : [];
};

/**
 * Adds one approval vote to the record with a single-item conditional write (the version guards it; no
 * transactions, which dynalite lacks). The vote that reaches the quorum takes the claim in the same write,
 * so exactly one voter goes on to call PutApprovalResult; a conflict re-reads and counts again, so two
 * simultaneous voters never both reach it and one person never counts twice.
 */
export const recordVote = async (
  record: ApprovalRecord,
  vote: Omit<ApprovalVote, 'at'>,
  policy: Pick<ApprovalPolicy, 'required' | 'distinctGroups'>,
  deps: ClaimDeps,
): Promise<VoteResult> => {
  let current = record;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const now = deps.now();
    if (current.status !== 'pending' || isLiveClaim(current, now))
      return { kind: 'settled', record: current };
    const at = now.toISOString();
    const count = countVote(current.votes ?? [], { ...vote, at }, policy);
    if (!count.counted) return { kind: 'refused', reason: count.reason, details: count.details };
    const saved = await deps.approvals.update({
      ...current,
      votes: count.votes,
      required: policy.required,
      claim: count.reached ? { by: vote.by, decision: 'Approved', channel: vote.channel, at } : undefined,
    });
    if (saved !== 'conflict') return { kind: 'counted', record: saved, reached: count.reached };
    const reloaded = await deps.approvals.get(record.executionId, record.approvalId);
    if (!reloaded) throw new PipegateError('NOT_FOUND', 'approval disappeared while a vote was recorded');
    current = reloaded;
  }
  throw new PipegateError('TRANSIENT', 'approval kept changing while a vote was recorded');
};
