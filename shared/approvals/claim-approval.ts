import type { Actor } from '../audit/audit-entry';
import { PipegateError } from '../errors';
import type { ApprovalRecord } from './approval-record';
import type { ApprovalStore } from './approval-store';
import { samePerson } from './count-vote';

/**
 * A claim whose holder crashed mid-decision stops blocking others after this long. It must outlast the
 * decider's async retries (Lambda retries a failed async invoke twice, about 1 and 2 minutes apart), or a
 * second person could claim while the first decision is still being retried.
 */
const CLAIM_STALE_MS = 10 * 60_000;
const MAX_RETRIES = 5;

export interface ClaimDeps {
  approvals: ApprovalStore;
  now: () => Date;
}

/** A claim someone is still acting on (not left behind by a crash). */
export const isLiveClaim = (record: ApprovalRecord, now: Date): boolean =>
  !!record.claim && now.getTime() - Date.parse(record.claim.at) < CLAIM_STALE_MS;

/**
 * The single conditional write that decides who may decide: it succeeds for exactly one of any number of
 * concurrent attempts; the others get the winner's record to show who decided.
 */
export const claimApproval = async (
  record: ApprovalRecord,
  claim: { by: Actor; decision: 'Approved' | 'Rejected'; channel: 'slack' | 'email' },
  deps: ClaimDeps,
): Promise<{ won: boolean; record: ApprovalRecord }> => {
  let current = record;
  for (let attempt = 0; attempt < MAX_RETRIES; attempt += 1) {
    const now = deps.now();
    if (current.status !== 'pending' || isLiveClaim(current, now)) return { won: false, record: current };
    const claimed = await deps.approvals.update({ ...current, claim: { ...claim, at: now.toISOString() } });
    if (claimed !== 'conflict') return { won: true, record: claimed };
    const reloaded = await deps.approvals.get(record.executionId, record.approvalId);
    if (!reloaded) throw new PipegateError('NOT_FOUND', 'approval disappeared while being claimed');
    current = reloaded;
  }
  return { won: false, record: current };
};

/** Applies `changes` to the stored approval, re-reading on a version conflict (the claim holder's write). */
export const settleApproval = async (
  record: ApprovalRecord,
  changes: Partial<ApprovalRecord>,
  deps: ClaimDeps,
): Promise<ApprovalRecord> => {
  let current = record;
  for (let attempt = 0; attempt < MAX_RETRIES; attempt += 1) {
    const settled = await deps.approvals.update({ ...current, ...changes, claim: undefined });
    if (settled !== 'conflict') return settled;
    const reloaded = await deps.approvals.get(record.executionId, record.approvalId);
    if (!reloaded) throw new PipegateError('NOT_FOUND', 'approval disappeared while being settled');
    current = reloaded;
  }
  throw new PipegateError('TRANSIENT', 'approval kept changing while being settled');
};

/**
 * Gives the decision back after a transient failure, so the next click can try again at once. The vote
 * that reached a quorum goes with it: kept, it would stop that person from ever voting again.
 */
export const releaseClaim = async (record: ApprovalRecord, deps: ClaimDeps): Promise<void> => {
  const claimant = record.claim?.by;
  const votes =
    claimant && record.votes ? record.votes.filter((vote) => !samePerson(vote.by, claimant)) : record.votes;
  // A conflict means the claim holder's record moved on (settled, or claimed anew): nothing to give back.
  await deps.approvals.update({ ...record, votes, claim: undefined });
};
