import type { Actor, AuditChannel, AuditTrail } from '../audit/audit-entry';
import type { ApprovalRecord } from './approval-record';
import type { Refusal } from './refusal';

/** Who tried what, as far as it is known when the attempt is refused. */
export interface AttemptContext {
  readonly actor?: Actor;
  readonly channel: AuditChannel;
  readonly decision?: 'Approved' | 'Rejected';
  readonly comment?: string;
  /** What is known of the approval (nothing for a forged request). */
  readonly approval?: Pick<ApprovalRecord, 'approvalId' | 'executionId' | 'pipeline' | 'stage' | 'action'>;
  readonly approvalId?: string;
  readonly executionId?: string;
}

/**
 * Puts a refused approval attempt on the record (append-only) and returns the refusal for the caller to
 * answer with. Every audited refusal goes through here: nothing an authenticated person tried is refused
 * off the record.
 */
export const auditRefusal = async (
  audit: AuditTrail,
  context: AttemptContext,
  refused: Refusal,
): Promise<Refusal> => {
  const approval = context.approval;
  await audit.append({
    action: 'approval.refused',
    outcome: 'refused',
    reason: refused.reason,
    actor: context.actor,
    channel: context.channel,
    decision: context.decision,
    comment: context.comment,
    approvalId: approval?.approvalId ?? context.approvalId,
    executionId: approval?.executionId ?? context.executionId,
    pipeline: approval?.pipeline,
    stage: approval?.stage,
    actionName: approval?.action,
    details: refused.details,
  });
  return refused;
};
