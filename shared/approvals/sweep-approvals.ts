import type { AuditTrail } from '../audit/audit-entry';
import { PipegateError } from '../errors';
import type { Log } from '../logging/log';
import type { ChatPort } from '../notify/chat-port';
import { deliverOnce } from '../notify/deliver-once';
import type { NotificationStore } from '../notify/notification-store';
import { formatUtcDateTime } from '../notify/render/format';
import type { ApprovalRecord } from './approval-record';
import type { ApprovalStore } from './approval-store';
import { settleApproval } from './claim-approval';
import type { ApprovalActionState, PipelinePort } from './pipeline-port';

export interface SweepDeps {
  approvals: ApprovalStore;
  pipeline: PipelinePort;
  audit: AuditTrail;
  store: NotificationStore;
  chat?: ChatPort;
  log: Log;
  now: () => Date;
  announce?: (record: ApprovalRecord) => Promise<void>;
}

export interface SweepResult {
  expired: number;
  reconciled: number;
  reminded: number;
}

/** Approvers are reminded once, this long before an approval expires. */
const REMIND_BEFORE_MS = 24 * 3_600_000;
const BATCH = 100;

const auditFields = (record: ApprovalRecord) => ({
  approvalId: record.approvalId,
  executionId: record.executionId,
  pipeline: record.pipeline,
  stage: record.stage,
  actionName: record.action,
});

/**
 * CodePipeline's view of the approval; in an account pipegate may not ask, it is closed as expired (the
 * audit entry says why) instead of being retried every sweep forever.
 */
const stateOrUnreachable = async (record: ApprovalRecord, deps: SweepDeps): Promise<ApprovalActionState> => {
  try {
    return await deps.pipeline.approvalState(record);
  } catch (error) {
    if (!(error instanceof PipegateError && error.code === 'ACCOUNT_NOT_CONFIGURED')) throw error;
    deps.log.warn('expired approval closed without asking CodePipeline: account not configured', {
      approvalId: record.approvalId,
      account: record.account,
      region: record.region,
    });
    return { status: 'not-visible' };
  }
};

/** An approval past its expiry: ask CodePipeline how it ended, or close it in pipegate if it still waits. */
const closeExpired = async (record: ApprovalRecord, deps: SweepDeps): Promise<'expired' | 'reconciled'> => {
  const state = await stateOrUnreachable(record, deps);
  const ended = state.status === 'not-in-progress';
  const status = ended && state.latestStatus === 'Succeeded' ? 'completed-outside' : 'expired';
  const settled = await settleApproval(
    record,
    { status, channel: 'console', decidedAt: deps.now().toISOString() },
    deps,
  );
  await deps.audit.append({
    action: status === 'expired' ? 'approval.expired' : 'approval.reconciled',
    outcome: 'ok',
    channel: 'system',
    ...auditFields(record),
    details: { codePipelineStatus: ended ? state.latestStatus : state.status, by: 'sweeper' },
  });
  await deps.announce?.(settled);
  return status === 'expired' ? 'expired' : 'reconciled';
};

/** Once per approval: a thread reply where the buttons are, and an audit entry. */
const remind = async (record: ApprovalRecord, deps: SweepDeps): Promise<boolean> => {
  const result = await deliverOnce(
    { executionId: record.executionId, target: 'reminder', key: record.approvalId },
    async () => {
      const text = `⏰ Approval for ${record.pipeline} (${record.stage}/${record.action}) expires ${formatUtcDateTime(record.expiresAt)} — still waiting for a decision.`;
      for (const message of deps.chat ? record.slackMessages : []) {
        await deps.chat?.postMessage({ channel: message.channel, threadTs: message.ts, text });
      }
      await deps.audit.append({
        action: 'approval.reminder',
        outcome: 'ok',
        channel: 'system',
        ...auditFields(record),
      });
      return undefined;
    },
    deps,
  );
  return result === 'sent';
};

/**
 * The scheduled sweep over pending approvals (a Query on the sparse PENDING index, never a Scan):
 * closes the expired ones (reconciling with CodePipeline) and reminds approvers of those about to expire.
 */
export const sweepApprovals = async (deps: SweepDeps): Promise<SweepResult> => {
  const now = deps.now();
  const result: SweepResult = { expired: 0, reconciled: 0, reminded: 0 };
  const due = await deps.approvals.listPending(
    new Date(now.getTime() + REMIND_BEFORE_MS).toISOString(),
    BATCH,
  );
  for (const record of due) {
    try {
      if (record.expiresAt <= now.toISOString()) result[await closeExpired(record, deps)] += 1;
      else if (await remind(record, deps)) result.reminded += 1;
    } catch (error) {
      // One stuck approval must not block the others; the next sweep tries again.
      deps.log.warn('sweep of an approval failed', {
        approvalId: record.approvalId,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
};
