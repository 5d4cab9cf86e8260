import type { ApprovalPolicy } from '../config/pipegate-config';
import { approvalPolicyFor } from './approval-policy';
import type { ApprovalRecord } from './approval-record';
import { refusalFor } from './check-approver';
import type { DecideDeps, DecideInput } from './decide-approval';
import { actorLabel } from './decision-summary';
import { type Refusal, refusal } from './refusal';

/** Who decided a settled approval, for the person who was too late. */
export const decidedDetails = (record: ApprovalRecord): Record<string, string> => ({
  status: record.status,
  ...(record.decidedBy ? { decidedBy: actorLabel(record.decidedBy) } : {}),
  ...(record.decidedAt ? { decidedAt: record.decidedAt } : {}),
  ...(record.decision ? { decision: record.decision } : {}),
  ...(record.channel ? { via: record.channel } : {}),
});

/** May this person decide now? Allowed with what the decision needs, or refused with why. */
export type DecisionCheck =
  | { allowed: true; record: ApprovalRecord; policy: ApprovalPolicy | undefined }
  /** `record` is what is known of the approval, for the audit entry (absent when there is none). */
  | { allowed: false; refusal: Refusal; record?: ApprovalRecord };

const refusedOn = (record: ApprovalRecord | undefined, why: Refusal): DecisionCheck => ({
  allowed: false,
  refusal: why,
  ...(record ? { record } : {}),
});

/** The words for an approver refusal: what was found out about the person and the change. */
const approverRefusal = (reason: Refusal['reason'], details: Record<string, string>): Refusal => {
  if (reason === 'SELF_APPROVAL') {
    return refusal(reason, 'You cannot approve a change you authored or started.', details);
  }
  if (details.why === 'author-unknown' || details.why === 'starter-unknown') {
    const who = details.why === 'author-unknown' ? 'who authored' : 'who started';
    return refusal(
      reason,
      `pipegate cannot tell ${who} this change, and the policy requires the approver to be someone else. Decide in the AWS console.`,
      details,
    );
  }
  return refusal(reason, 'You are not allowed to decide this approval.', details);
};

/**
 * Every rule before a decision, in one place: the approval exists and is still pending and unexpired, and
 * the actor is an allowed approver who did not author the change. It only reads; the caller decides what a
 * refusal means for its channel (a claim audits it, a link view does not). Used before opening the reject
 * dialog too, so a person who may not decide is told at once.
 */
export const checkDecision = async (
  input: Pick<DecideInput, 'executionId' | 'approvalId' | 'actor'>,
  deps: Pick<DecideDeps, 'approvals' | 'config' | 'chat' | 'now'>,
): Promise<DecisionCheck> => {
  const record = await deps.approvals.get(input.executionId, input.approvalId);
  if (!record) return refusedOn(undefined, refusal('NOT_FOUND', 'No such approval.'));
  if (record.status !== 'pending') {
    return refusedOn(
      record,
      refusal('ALREADY_DECIDED', 'This approval is already settled.', decidedDetails(record)),
    );
  }
  if (deps.now().toISOString() >= record.expiresAt) {
    return refusedOn(
      record,
      refusal('APPROVAL_NOT_ACTIVE', 'This approval has expired.', { status: 'expired' }),
    );
  }
  const policy = approvalPolicyFor(deps.config, record);
  const refusedApprover = await refusalFor(record, policy, input.actor, deps.chat);
  if (refusedApprover) {
    return refusedOn(record, approverRefusal(refusedApprover.reason, refusedApprover.details));
  }
  return { allowed: true, record, policy };
};
