import type { ApprovalRecord } from '../../approvals/approval-record';
import type { ExecutionSummary } from '../../history/execution-summary';
import { formatUtcDateTime } from '../text/format';
import type { ApprovalEmail } from './approval-email';
import { approvalMail, approvalPlaceFields } from './approval-mail';
import { fieldLines, indent, plainText, printableUrl, triggerFields } from './email-text';

/**
 * The email for an `inform:` address (a shared or role mailbox): what waits and who may decide, with no
 * approval links. A mailbox several people read cannot say which of them decided, so it never gets one.
 * @example
 * const email = renderApprovalNotice(approval, summary, 'release-managers@example.com', ['jane@example.com']);
 */
export const renderApprovalNotice = (
  approval: ApprovalRecord,
  summary: ExecutionSummary | undefined,
  recipient: string,
  deciders: readonly string[],
): ApprovalEmail => {
  const trigger = approval.trigger ?? summary?.trigger;
  const review = printableUrl(approval.reviewUrl);
  const body = [
    `${approval.pipeline} is waiting for approval at ${approval.stage} / ${approval.action}.`,
    '',
    ...fieldLines([
      ...approvalPlaceFields(approval),
      ['Expires', formatUtcDateTime(approval.expiresAt)],
      ...triggerFields(trigger),
    ]),
    ...(approval.customData ? ['', 'From the pipeline:', indent(plainText(approval.customData, 2000))] : []),
    ...(review ? ['', 'What to review:', review] : []),
    '',
    'This address is informed only: it is a shared mailbox, so it gets no approval links.',
    ...(deciders.length > 0
      ? ['Each of these people received a personal link:', ...deciders.map((who) => `    ${who}`)]
      : []),
    'Approvers in Slack can decide from the Approve / Reject buttons there.',
  ];
  return approvalMail(approval, recipient, { headline: '⏳ Approval waiting:', body });
};
