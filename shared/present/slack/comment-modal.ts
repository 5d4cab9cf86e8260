import type { ModalView } from '@slack/types';
import * as z from 'zod';
import type { ApprovalRecord } from '../../approvals/approval-record';
import { PipegateError } from '../../errors';
import { formatZodIssues } from '../../validation/format-zod-issues';
import { encodeApprovalRef } from './approval-ref';

/**
 * The longest comment accepted. PutApprovalResult's summary holds 512 characters and also names the
 * approver and channel (`Rejected by Jane Doe <jane@example.com> via Slack: …`), so the comment gets 350.
 */
export const MAX_MODAL_COMMENT = 350;

export interface CommentModalText {
  callbackId: string;
  title: string;
  submit: string;
  /** The mrkdwn question above the input. */
  question: string;
  label: string;
  placeholder: string;
  optional: boolean;
}

/**
 * A decision dialog asking for a comment: `private_metadata` carries `{"e","a"}` (ids, never a token) so the
 * submission names the approval; the comment input is `comment`/`comment` ({@link readModalComment}).
 */
export const commentModal = (approval: ApprovalRecord, text: CommentModalText): ModalView => ({
  type: 'modal',
  callback_id: text.callbackId,
  private_metadata: encodeApprovalRef(approval),
  title: { type: 'plain_text', text: text.title },
  submit: { type: 'plain_text', text: text.submit },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: text.question } },
    {
      type: 'input',
      block_id: 'comment',
      optional: text.optional,
      label: { type: 'plain_text', text: text.label },
      element: {
        type: 'plain_text_input',
        action_id: 'comment',
        multiline: true,
        max_length: MAX_MODAL_COMMENT,
        placeholder: { type: 'plain_text', text: text.placeholder },
      },
    },
  ],
});

// Slack sends `value: null` for an optional input left empty.
const commentStateSchema = z.object({
  comment: z.object({
    comment: z.object({ value: z.string().nullish() }),
  }),
});

/**
 * Reads the comment from a decision dialog's `view_submission` (`view.state.values`): trimmed, undefined
 * when empty.
 * @throws PipegateError INVALID_REQUEST when the state does not hold the dialog's comment input
 * @example
 * const comment = readModalComment(payload.view.state.values);
 */
export const readModalComment = (viewStateValues: unknown): string | undefined => {
  const parsed = commentStateSchema.safeParse(viewStateValues);
  if (!parsed.success) {
    throw new PipegateError('INVALID_REQUEST', 'the dialog state has no comment input', {
      details: { issues: formatZodIssues(parsed.error.issues) },
    });
  }
  const comment = parsed.data.comment.comment.value?.trim();
  return comment === undefined || comment === '' ? undefined : comment;
};
