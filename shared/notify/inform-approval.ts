import type { ApprovalRecord } from '../approvals/approval-record';
import type { ApprovalPolicy } from '../config/pipegate-config';
import { deliverOnce } from '../delivery/deliver-once';
import { publishEmail } from '../delivery/publish-email';
import type { ExecutionSummary } from '../history/execution-summary';
import { renderApprovalNotice } from '../present/email/approval-notice';
import type { RequestApprovalDeps } from './request-approval';

/**
 * Tells each `inform:` mailbox that an approval waits — once per approval, with no links. These addresses
 * may be read by several people (the author among them), so they must never hold a way to decide.
 */
export const informByEmail = async (
  record: ApprovalRecord,
  summary: ExecutionSummary,
  policy: ApprovalPolicy | undefined,
  deps: Pick<RequestApprovalDeps, 'mail' | 'store' | 'topicArn' | 'log' | 'now'>,
): Promise<void> => {
  const { topicArn } = deps;
  if (!policy || policy.inform.length === 0 || !topicArn) return;
  for (const recipient of policy.inform) {
    await deliverOnce(
      { executionId: record.executionId, target: `email:${recipient}`, key: `notice#${record.approvalId}` },
      () =>
        publishEmail(
          deps.mail,
          topicArn,
          renderApprovalNotice(record, summary, recipient, record.emailRecipients),
        ),
      deps,
    );
  }
};
