import type { Actor, AuditChannel, AuditTrail, RefusalReason } from '../audit/audit-entry';
import { PipegateError } from '../errors';
import type { ApprovalRecord } from './approval-record';

export interface AttemptContext {
  actor?: Actor;
  channel: AuditChannel;
  decision?: 'Approved' | 'Rejected';
  comment?: string;
  /** What is known of the approval (nothing for a forged request). */
  approval?: Pick<ApprovalRecord, 'approvalId' | 'executionId' | 'pipeline' | 'stage' | 'action'>;
  approvalId?: string;
  executionId?: string;
}

/**
 * Audits a refused approval attempt (append-only), then throws the matching PipegateError so the
 * transport tells the person why. Every refusal goes through here: nothing is refused off the record.
 */
export const refuseAttempt = async (
  audit: AuditTrail,
  context: AttemptContext,
  reason: RefusalReason,
  message: string,
  details: Record<string, string> = {},
): Promise<never> => {
  const approval = context.approval;
  await audit.append({
    action: 'approval.refused',
    outcome: 'refused',
    reason,
    actor: context.actor,
    channel: context.channel,
    decision: context.decision,
    comment: context.comment,
    approvalId: approval?.approvalId ?? context.approvalId,
    executionId: approval?.executionId ?? context.executionId,
    pipeline: approval?.pipeline,
    stage: approval?.stage,
    actionName: approval?.action,
    details,
  });
  throw new PipegateError(reason, message, { details });
};
