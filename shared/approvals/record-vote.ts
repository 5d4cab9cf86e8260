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
  /** `takenOver`: the quorum was already reached under a stale claim, which this vote took over. */
  | { kind: 'counted'; record: ApprovalRecord; reached: boolean; takenOver?: ClaimOf }
  | { kind: 'refused'; reason: 'ALREADY_VOTED' | 'NOT_ALLOWED'; details: Record<string, string> }
  /** Decided, or being decided, by someone else meanwhile (a reached quorum, a reject, the console). */
  | { kind: 'settled'; record: ApprovalRecord };

type ClaimOf = NonNullable<ApprovalRecord['claim']>;

/**
 * A claim whose decider died after the stored votes reached the quorum (the claim is no longer live). The
 * reaching voter cannot vote again (their vote is stored), so without this the approval would wait for its
 * expiry; instead the next approve takes the claim over.
 */
const staleReachedClaim = (
  record: ApprovalRecord,
  policy: Pick<ApprovalPolicy, 'required'>,
): ClaimOf | undefined =>
  record.claim?.decision === 'Approved' && (record.votes?.length ?? 0) >= policy.required
    ? record.claim
    : undefined;

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

const reread = async (record: ApprovalRecord, deps: ClaimDeps): Promise<ApprovalRecord> => {
  const reloaded = await deps.approvals.get(record.executionId, record.approvalId);
  if (!reloaded) throw new PipegateError('NOT_FOUND', 'approval disappeared while a vote was recorded');
  return reloaded;
};

/**
 * Adds one approval vote to the record with a single-item conditional write (the version guards it; no
 * transactions, which dynalite lacks). The vote that reaches the quorum takes the claim in the same write,
 * so exactly one voter goes on to call PutApprovalResult; a conflict re-reads and counts again, so two
 * simultaneous voters never both reach it and one person never counts twice. A stale claim over a reached
 * quorum (its decider died) is taken over by the next approve — the reaching voter's retry included — with
 * the votes unchanged.
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
    const stale = staleReachedClaim(current, policy);
    if (stale) {
      // The votes stay as they were, so PutApprovalResult's summary is the one the dead decider sent: if its
      // call went through, the new claim holder recognises it in CodePipeline's state instead of repeating it.
      const taken = await deps.approvals.update({
        ...current,
        claim: { by: vote.by, decision: 'Approved', channel: vote.channel, at },
      });
      if (taken !== 'conflict') return { kind: 'counted', record: taken, reached: true, takenOver: stale };
      current = await reread(record, deps);
      continue;
    }
    const count = countVote(current.votes ?? [], { ...vote, at }, policy);
    if (!count.counted) return { kind: 'refused', reason: count.reason, details: count.details };
    const saved = await deps.approvals.update({
      ...current,
      votes: count.votes,
      required: policy.required,
      claim: count.reached ? { by: vote.by, decision: 'Approved', channel: vote.channel, at } : undefined,
    });
    if (saved !== 'conflict') return { kind: 'counted', record: saved, reached: count.reached };
    current = await reread(record, deps);
  }
  throw new PipegateError('TRANSIENT', 'approval kept changing while a vote was recorded');
};
