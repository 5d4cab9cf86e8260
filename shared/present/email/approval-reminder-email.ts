import type { ApprovalRecord } from '../../approvals/approval-record';
import { formatUtcDateTime } from '../text/format';
import { type ApprovalEmail, type ApprovalEmailLinks, decisionLinkLines } from './approval-email';
import { approvalMail, approvalPlaceFields } from './approval-mail';
import { fieldLines, printableUrl } from './email-text';

/** An approver's fresh personal links, each on its own line, and that the request email's still work. */
const freshLinkLines = (links: ApprovalEmailLinks, requestedAt: string): string[] => [
  ...decisionLinkLines(links),
  'Opening a link does not decide — you confirm on the page. These links are new and personal to you; the',
  `links of the approval email sent on ${formatUtcDateTime(requestedAt)} still work too, until one of them`,
  'is used or the approval is decided or expires.',
];

/**
 * The reminder email, sent once per approval and recipient before the approval expires. An approver gets
 * fresh personal links (signed and single-use like the request email's, which stay valid), or — when the
 * sweeper has no link keys — is pointed at the request email's links; an `inform:` mailbox is only told,
 * never given a way to decide.
 * @example
 * const email = renderApprovalReminder(approval, 'jane@example.com', 'approver', links);
 */
export const renderApprovalReminder = (
  approval: ApprovalRecord,
  recipient: string,
  role: 'approver' | 'informed',
  links?: ApprovalEmailLinks,
): ApprovalEmail => {
  const review = printableUrl(approval.reviewUrl);
  const howToDecide =
    role === 'approver' && links
      ? freshLinkLines(links, approval.requestedAt)
      : role === 'approver'
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
