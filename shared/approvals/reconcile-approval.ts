import type { AuditTrail } from '../audit/audit-entry';
import type { PipelineEvent } from '../events/pipeline-event';
import type { Reaction } from '../history/reaction';
import type { Log } from '../logging/log';
import type { ApprovalRecord, ApprovalStatus } from './approval-record';
import type { ApprovalStore } from './approval-store';
import { settleApproval } from './claim-approval';

export interface ReconcileDeps {
  approvals: ApprovalStore;
  audit: AuditTrail;
  log: Log;
  now: () => Date;
  announce?: (record: ApprovalRecord) => Promise<void>;
}

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'ABANDONED', 'CANCELED']);

/** How an approval pipegate did not decide ended, judged from the action's final state. */
const outsideStatus = (event: PipelineEvent, record: ApprovalRecord): ApprovalStatus => {
  if (event.state === 'ABANDONED' || event.state === 'CANCELED') return 'abandoned';
  // CodePipeline fails an approval action when it times out; before the expiry it was a rejection.
  if (event.state === 'FAILED' && event.time >= record.expiresAt) return 'expired';
  return 'completed-outside';
};

/**
 * When an approval action ends and pipegate did not decide it (console, CLI, timeout, a superseded run),
 * the record, the audit trail and Slack learn how it ended. A decision in flight (live claim) settles itself.
 */
export const createReconcileApprovalReaction =
  (deps: ReconcileDeps): Reaction =>
  async (outcome) => {
    const { event } = outcome;
    if (event.level !== 'action' || event.actionCategory !== 'Approval' || !ENDED.has(event.state)) return;
    if (!event.actionExecutionId) return;
    const record = await deps.approvals.get(event.executionId, event.actionExecutionId);
    if (record?.status !== 'pending' || record.claim) return;
    const status = outsideStatus(event, record);
    // A succeeded approval action was approved; one that failed before its timeout was rejected.
    const decision =
      status !== 'completed-outside' ? undefined : event.state === 'SUCCEEDED' ? 'Approved' : 'Rejected';
    const settled = await settleApproval(
      record,
      { status, decision, channel: 'console', decidedAt: event.time, comment: event.result?.summary },
      deps,
    );
    await deps.audit.append({
      action: status === 'expired' ? 'approval.expired' : 'approval.reconciled',
      outcome: 'ok',
      channel: 'system',
      approvalId: record.approvalId,
      executionId: record.executionId,
      pipeline: record.pipeline,
      stage: record.stage,
      actionName: record.action,
      details: { actionState: event.state, status, ...(decision ? { decision } : {}) },
    });
    deps.log.info('approval settled outside pipegate', { approvalId: record.approvalId, status });
    await deps.announce?.(settled);
  };
