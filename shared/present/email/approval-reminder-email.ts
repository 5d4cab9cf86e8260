import type { ApprovalRecord } from '../../approvals/approval-record';
import { formatUtcDateTime } from '../text/format';
import type { ApprovalEmail } from './approval-email';
import { approvalMail, approvalPlaceFields } from './approval-mail';
import { fieldLines, printableUrl } from './email-text';

/**
 * The reminder email, sent once per approval and recipient before the approval expires. An approver is
 * pointed at the personal links of the request email (single-use, still valid until the expiry); an
 * `inform:` mailbox is only told, never given a way to decide.
 * @example
 * const email = renderApprovalReminder(approval, 'jane@example.com', 'approver');
 */
export const renderApprovalReminder = (
  approval: ApprovalRecord,
  recipient: string,
  role: 'approver' | 'informed',
): ApprovalEmail => {
  const review = printableUrl(approval.reviewUrl);
  const howToDecide =
    role === 'approver'
      ? [
          `To decide, use the Approve / Reject links of the approval email sent on ${formatUtcDateTime(approval.requestedAt)};`,
          'they still work until the approval expires. Approvers in Slack can use the buttons there.',
        ]
      : [
          'This address is informed only: it gets no approval links.',
          'The approvers were sent personal links; approvers in Slack can use the buttons there.',
        ];
  const body = [
    `Reminder: ${approval.pipeline} is still waiting for approval at ${approval.stage} / ${approval.action}.`,
    `It expires ${formatUtcDateTime(approval.expiresAt)}; after that CodePipeline fails the action.`,
    '',
    ...fieldLines([
      ...approvalPlaceFields(approval),
      ['Requested', formatUtcDateTime(approval.requestedAt)],
      ['Expires', formatUtcDateTime(approval.expiresAt)],
    ]),
    ...(review ? ['', 'What to review:', review] : []),
    '',
    ...howToDecide,
  ];
  return approvalMail(approval, recipient, { headline: '⏰ Approval still waiting:', body });
};
