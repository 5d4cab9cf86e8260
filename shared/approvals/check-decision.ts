import type { ApprovalPolicy } from '../config/pipegate-config';
import { approvalPolicyFor } from './approval-policy';
import type { ApprovalRecord } from './approval-record';
import { refusalFor } from './check-approver';
import type { DecideDeps, DecideInput } from './decide-approval';
import { actorLabel } from './decision-summary';
import { type AttemptContext, refuseAttempt } from './refuse-attempt';

/** Who decided a settled approval, for the person who was too late. */
export const decidedDetails = (record: ApprovalRecord): Record<string, string> => ({
  status: record.status,
  ...(record.decidedBy ? { decidedBy: actorLabel(record.decidedBy) } : {}),
  ...(record.decidedAt ? { decidedAt: record.decidedAt } : {}),
  ...(record.decision ? { decision: record.decision } : {}),
  ...(record.channel ? { via: record.channel } : {}),
});

/**
 * Every check before a decision, each refusal audited: the approval exists and is still pending and
 * unexpired, and the actor is an allowed approver who did not author the change. Used before opening
 * the reject dialog too, so a person who may not decide is told at once.
 */
export const checkDecision = async (
  input: Pick<DecideInput, 'executionId' | 'approvalId' | 'actor'>,
  context: AttemptContext,
  deps: Pick<DecideDeps, 'approvals' | 'audit' | 'config' | 'chat' | 'now'>,
): Promise<{ record: ApprovalRecord; policy: ApprovalPolicy | undefined }> => {
  const record = await deps.approvals.get(input.executionId, input.approvalId);
  if (!record) return refuseAttempt(deps.audit, context, 'NOT_FOUND', 'No such approval.');
  context.approval = record;
  if (record.status !== 'pending') {
    return refuseAttempt(
      deps.audit,
      context,
      'ALREADY_DECIDED',
      'This approval is already settled.',
      decidedDetails(record),
    );
  }
  if (deps.now().toISOString() >= record.expiresAt) {
    return refuseAttempt(deps.audit, context, 'APPROVAL_NOT_ACTIVE', 'This approval has expired.', {
      status: 'expired',
    });
  }
  const policy = approvalPolicyFor(deps.config, record);
  const refusal = await refusalFor(record, policy, input.actor, deps.chat);
  if (refusal?.reason === 'SELF_APPROVAL') {
    return refuseAttempt(
      deps.audit,
      context,
      refusal.reason,
      'You cannot approve a change you authored or started.',
      refusal.details,
    );
  }
  if (refusal?.details.why === 'author-unknown' || refusal?.details.why === 'starter-unknown') {
    const who = refusal.details.why === 'author-unknown' ? 'who authored' : 'who started';
    return refuseAttempt(
      deps.audit,
      context,
      refusal.reason,
      `pipegate cannot tell ${who} this change, and the policy requires the approver to be someone else. Decide in the AWS console.`,
      refusal.details,
    );
  }
  if (refusal) {
    return refuseAttempt(
      deps.audit,
      context,
      refusal.reason,
      'You are not allowed to decide this approval.',
      refusal.details,
    );
  }
  return { record, policy };
};
