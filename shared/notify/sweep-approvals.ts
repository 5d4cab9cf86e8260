import { type ApprovalLinks, newApprovalLinks } from '../approvals/approval-link';
import { approvalPolicyFor } from '../approvals/approval-policy';
import type { ApprovalRecord } from '../approvals/approval-record';
import type { ApprovalStore } from '../approvals/approval-store';
import { settleApproval } from '../approvals/claim-approval';
import type { LinkKeys } from '../approvals/link-keys';
import type { ApprovalActionState, PipelinePort } from '../approvals/pipeline-port';
import type { AuditTrail } from '../audit/audit-entry';
import { DEFAULT_REMIND_BEFORE_HOURS, type PipegateConfig } from '../config/pipegate-config';
import type { ChatPort } from '../delivery/chat-port';
import { deliverOnce } from '../delivery/deliver-once';
import type { MailPort } from '../delivery/mail-port';
import type { NotificationStore } from '../delivery/notification-store';
import { publishEmail } from '../delivery/publish-email';
import { PipegateError } from '../errors';
import type { Log } from '../logging/log';
import { renderApprovalReminder } from '../present/email/approval-reminder-email';
import { formatUtcDateTime } from '../present/text/format';
import { refreshFreezeLines } from './refresh-freeze-lines';

export interface SweepDeps {
  /** remindBeforeHours and the inform lists come from the approval policies; freezes re-render requests. */
  config: Pick<PipegateConfig, 'approvals' | 'freezes'>;
  approvals: ApprovalStore;
  pipeline: PipelinePort;
  audit: AuditTrail;
  store: NotificationStore;
  chat?: ChatPort;
  /** Reminder emails; without a topic they are skipped (as the request emails are). */
  mail?: MailPort;
  topicArn?: string;
  /** Signs each approver's fresh reminder links; without them the reminder points at the request email's. */
  linkKeys?: LinkKeys;
  publicUrl?: string;
  log: Log;
  now: () => Date;
  announce?: (record: ApprovalRecord) => Promise<void>;
}

export interface SweepResult {
  expired: number;
  reconciled: number;
  reminded: number;
  /** Requests re-rendered because a change freeze began or ended. */
  freezeLines: number;
}

const HOUR_MS = 3_600_000;
const BATCH = 100;
/** Later than any approval's expiry: lists every pending approval. */
const FOREVER = '9999-12-31T23:59:59.999Z';

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

/** How long before its expiry an approval's people are reminded: its policy's remindBeforeHours. */
const remindBeforeMs = (record: ApprovalRecord, deps: SweepDeps): number =>
  (approvalPolicyFor(deps.config, record)?.remindBeforeHours ?? DEFAULT_REMIND_BEFORE_HOURS) * HOUR_MS;

/** Fresh signed links for an approver (new nonces: the request email's links stay valid, each single-use). */
const linksFor = (
  record: ApprovalRecord,
  recipient: string,
  role: 'approver' | 'informed',
  deps: SweepDeps,
): ApprovalLinks | undefined =>
  role === 'approver' && deps.linkKeys && deps.publicUrl
    ? newApprovalLinks({
        approval: record,
        recipient,
        expiresAt: new Date(record.expiresAt),
        publicUrl: deps.publicUrl,
        keys: deps.linkKeys,
      })
    : undefined;

/**
 * Once per approval and address (each its own delivery, so a failed email is retried by the next sweep
 * without repeating the others): the approvers who were sent links, then the policy's `inform:` mailboxes.
 */
const remindByEmail = async (record: ApprovalRecord, deps: SweepDeps): Promise<number> => {
  const { mail, topicArn } = deps;
  if (!mail || !topicArn) return 0;
  const informed = approvalPolicyFor(deps.config, record)?.inform ?? [];
  const recipients = [
    ...record.emailRecipients.map((address) => ({ address, role: 'approver' as const })),
    ...informed.map((address) => ({ address, role: 'informed' as const })),
  ];
  let sent = 0;
  for (const { address, role } of recipients) {
    const result = await deliverOnce(
      { executionId: record.executionId, target: `email:${address}`, key: `reminder#${record.approvalId}` },
      () =>
        publishEmail(
          mail,
          topicArn,
          renderApprovalReminder(record, address, role, linksFor(record, address, role, deps)),
        ),
      deps,
    );
    if (result === 'sent') sent += 1;
  }
  return sent;
};

/** Once per approval: a thread reply where the buttons are, an email to each of its people, an audit entry. */
const remind = async (record: ApprovalRecord, deps: SweepDeps): Promise<boolean> => {
  const emailed = await remindByEmail(record, deps);
  const result = await deliverOnce(
    { executionId: record.executionId, target: 'reminder', key: record.approvalId },
    async () => {
      const text = `⏰ Approval for ${record.pipeline} (${record.stage}/${record.action}) expires ${formatUtcDateTime(record.expiresAt)} — still waiting for a decision.`;
      for (const message of deps.chat ? record.slackMessages : []) {
        await deps.chat?.postMessage({
          channel: message.channel,
          threadTs: message.ts,
          text,
          deliveryKey: `${record.executionId}/reminder:${message.channel}/${record.approvalId}`,
        });
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
  return result === 'sent' || emailed > 0;
};

/**
 * The scheduled sweep over pending approvals (a Query on the sparse PENDING index, never a Scan):
 * closes the expired ones (reconciling with CodePipeline), reminds approvers of those about to expire, and
 * re-renders requests whose change freezes began or ended since they were shown.
 */
export const sweepApprovals = async (deps: SweepDeps): Promise<SweepResult> => {
  const now = deps.now();
  const result: SweepResult = { expired: 0, reconciled: 0, reminded: 0, freezeLines: 0 };
  // The widest reminder window of any policy; each approval is then held to its own policy's.
  const widest = Math.max(
    DEFAULT_REMIND_BEFORE_HOURS,
    ...deps.config.approvals.map((policy) => policy.remindBeforeHours),
  );
  const due = await deps.approvals.listPending(
    new Date(now.getTime() + widest * HOUR_MS).toISOString(),
    BATCH,
  );
  for (const record of due) {
    try {
      if (record.expiresAt <= now.toISOString()) result[await closeExpired(record, deps)] += 1;
      else if (Date.parse(record.expiresAt) - now.getTime() > remindBeforeMs(record, deps)) continue;
      else if (await remind(record, deps)) result.reminded += 1;
    } catch (error) {
      // One stuck approval must not block the others; the next sweep tries again.
      deps.log.warn('sweep of an approval failed', {
        approvalId: record.approvalId,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
    }
  }
  // Every pending approval, not only those due: a freeze may begin days before an approval expires.
  // Without freezes in the config nothing can have changed, and the Query is saved.
  if (deps.config.freezes.length > 0) {
    const pending = await deps.approvals.listPending(FOREVER, BATCH);
    result.freezeLines = await refreshFreezeLines(pending, deps);
  }
  return result;
};
