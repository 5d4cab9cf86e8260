import type { ApprovalRecord } from '../../approvals/approval-record';
import { executionConsoleUrl } from '../text/console-links';
import { shortExecutionId } from '../text/format';
import type { ApprovalEmail } from './approval-email';
import { capBytes, type Field, fitSubject } from './email-text';

/** Where the approval waits, as the first fields of every approval email: pipeline, stage, action, run. */
export const approvalPlaceFields = (approval: ApprovalRecord): Field[] => [
  ['Pipeline', approval.pipeline],
  ['Stage', approval.stage],
  ['Action', approval.action],
  ['Execution', approval.executionId],
];

/**
 * What the request, the notice and the reminder share: the subject (`<headline> <pipeline> #<short id>`,
 * then `subjectTail`), the body ending with the execution's console link, capped in bytes, and the SNS
 * attributes a recipient's subscription filters on.
 * @example approvalMail(approval, 'jane@example.com', { headline: '⏳ Approval waiting:', body: lines })
 */
export const approvalMail = (
  approval: ApprovalRecord,
  recipient: string,
  content: { headline: string; subjectTail?: string; body: readonly string[] },
): ApprovalEmail => ({
  subject: fitSubject(
    content.headline,
    approval.pipeline,
    `#${shortExecutionId(approval.executionId)}${content.subjectTail ?? ''}`,
  ),
  body: capBytes(
    [...content.body, '', 'View the execution in CodePipeline:', executionConsoleUrl(approval), ''].join(
      '\n',
    ),
  ),
  attributes: {
    pipeline: approval.pipeline,
    state: 'APPROVAL',
    level: 'action',
    severity: 'action',
    recipient,
  },
});
