import type { ApprovalRecord } from '../../approvals/approval-record';
import type { ExecutionSummary } from '../../history/execution-summary';
import { formatUtcDateTime, singleLine } from '../text/format';
import { approvalMail, approvalPlaceFields } from './approval-mail';
import { changeSummaryText } from './change-summary-text';
import { fieldLines, indent, plainText, printableUrl, stageListLines, triggerFields } from './email-text';

/** The personal links of one recipient; each opens a confirm page, none decides on its own. */
export interface ApprovalEmailLinks {
  approve: string;
  reject: string;
  choose: string;
}

/** SNS attributes: `recipient` matches the filter policy of that person's email subscription. */
export interface ApprovalEmailAttributes {
  pipeline: string;
  state: 'APPROVAL';
  level: 'action';
  severity: 'action';
  recipient: string;
}

export interface ApprovalEmail {
  subject: string;
  body: string;
  attributes: ApprovalEmailAttributes;
}

// A link must stay one line on its own so mail clients make it clickable and never wrap it into two.
const linkLine = (url: string): string => singleLine(url).replace(/\s/g, '');

/** The three personal decision links, each on a line of its own, as the request and reminder emails give them. */
export const decisionLinkLines = (links: ApprovalEmailLinks): string[] => [
  'Approve:',
  linkLine(links.approve),
  '',
  'Reject:',
  linkLine(links.reject),
  '',
  'Not sure yet? Review and choose:',
  linkLine(links.choose),
  '',
];

/**
 * The personal approval email for one recipient: what waits (pipeline, stage/action, commit, who
 * triggered it, the stages so far), when it expires, and the three signed links — approve, reject, choose —
 * each on its own line. Opening a link only shows a confirm page, which the body says, so mail scanners
 * that follow links decide nothing.
 * @example
 * const email = renderApprovalEmail(approval, summary, links, 'jane@example.com');
 * await mail.publish({ subject: email.subject, message: email.body, attributes: email.attributes });
 */
export const renderApprovalEmail = (
  approval: ApprovalRecord,
  summary: ExecutionSummary | undefined,
  links: ApprovalEmailLinks,
  recipient: string,
): ApprovalEmail => {
  const who = singleLine(recipient);
  const place = `${approval.stage}/${approval.action}`;
  const trigger = approval.trigger ?? summary?.trigger;
  const review = printableUrl(approval.reviewUrl);
  const body = [
    `Hi ${who},`,
    '',
    `${approval.pipeline} is waiting for your approval at ${approval.stage} / ${approval.action}.`,
    '',
    ...fieldLines([
      ...approvalPlaceFields(approval),
      ['Account', [approval.account, approval.region].filter(Boolean).join(', ') || undefined],
      ['Expires', formatUtcDateTime(approval.expiresAt)],
      ...triggerFields(trigger),
    ]),
    ...(trigger?.commitMessage ? ['Message:', indent(plainText(trigger.commitMessage, 4000))] : []),
    ...(approval.customData ? ['', 'From the pipeline:', indent(plainText(approval.customData, 2000))] : []),
    ...(review ? ['', 'What to review:', review] : []),
    ...changeSummaryText(approval.changes, approval.stage),
    ...(summary ? ['', 'Stages so far:', ...stageListLines(summary)] : []),
    '',
    ...decisionLinkLines(links),
    'Opening a link does not decide — you confirm on the page. The links are personal to you: please do',
    'not forward this email. They stop working once the approval is decided or expires.',
  ];
  return approvalMail(approval, recipient, {
    headline: '⏳ Approval needed:',
    subjectTail: ` (${place})`,
    body,
  });
};
