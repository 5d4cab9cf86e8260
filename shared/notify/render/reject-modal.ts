import type { ModalView } from '@slack/types';
import * as z from 'zod';
import type { ApprovalRecord } from '../../approvals/approval-record';
import { PipegateError } from '../../errors';
import { formatZodIssues } from '../../validation/format-zod-issues';
import { encodeApprovalRef } from './approval-ref';
import { approvalPlace } from './approval-status';
import { escapeMrkdwn } from './format';

/** The `callback_id` of the modal's `view_submission`. */
export const REJECT_SUBMIT_CALLBACK_ID = 'pipegate.reject.submit';

/**
 * The longest comment accepted. PutApprovalResult's summary holds 512 characters and also names the
 * approver and channel (`Rejected by Jane Doe <jane@example.com> via Slack: …`), so the comment gets 350.
 */
export const MAX_REJECT_COMMENT = 350;

/**
 * The modal the Reject button opens, asking why. `private_metadata` carries `{"e","a"}` (ids, never a token)
 * so the submission names the approval; the comment input is `comment`/`comment`.
 * @example
 * await views.open({ trigger_id, view: renderRejectModal(approval, { commentRequired: policy.requireComment }) });
 */
export const renderRejectModal = (
  approval: ApprovalRecord,
  options: { commentRequired?: boolean } = {},
): ModalView => ({
  type: 'modal',
  callback_id: REJECT_SUBMIT_CALLBACK_ID,
  private_metadata: encodeApprovalRef(approval),
  title: { type: 'plain_text', text: 'Reject approval' },
  submit: { type: 'plain_text', text: 'Reject' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Reject *${escapeMrkdwn(approval.pipeline)}* at ${approvalPlace(approval)}? The execution stops there.`,
      },
    },
    {
      type: 'input',
      block_id: 'comment',
      optional: options.commentRequired !== true,
      label: { type: 'plain_text', text: 'Why? (shown in the thread and in CodePipeline)' },
      element: {
        type: 'plain_text_input',
        action_id: 'comment',
        multiline: true,
        max_length: MAX_REJECT_COMMENT,
        placeholder: { type: 'plain_text', text: 'e.g. Staging smoke tests are red' },
      },
    },
  ],
});

// Slack sends `value: null` for an optional input left empty.
const rejectStateSchema = z.object({
  comment: z.object({
    comment: z.object({ value: z.string().nullish() }),
  }),
});

/**
 * Reads the comment from a `view_submission`'s `view.state.values`: trimmed, undefined when empty.
 * @throws PipegateError INVALID_REQUEST when the state does not hold the modal's comment input
 * @example
 * const comment = readRejectComment(payload.view.state.values);
 */
export const readRejectComment = (viewStateValues: unknown): string | undefined => {
  const parsed = rejectStateSchema.safeParse(viewStateValues);
  if (!parsed.success) {
    throw new PipegateError('INVALID_REQUEST', 'reject modal state has no comment input', {
      details: { issues: formatZodIssues(parsed.error.issues) },
    });
  }
  const comment = parsed.data.comment.comment.value?.trim();
  return comment === undefined || comment === '' ? undefined : comment;
};
