import type { ModalView } from '@slack/types';
import type { ApprovalRecord } from '../../approvals/approval-record';
import { escapeMrkdwn } from '../text/format';
import { approvalPlace } from './approval-status';
import { commentModal, MAX_MODAL_COMMENT, readModalComment } from './comment-modal';

/** The `callback_id` of the modal's `view_submission`. */
export const REJECT_SUBMIT_CALLBACK_ID = 'pipegate.reject.submit';

/** The longest reject comment accepted (see {@link MAX_MODAL_COMMENT}). */
export const MAX_REJECT_COMMENT = MAX_MODAL_COMMENT;

/**
 * The modal the Reject button opens, asking why. `private_metadata` carries `{"e","a"}` (ids, never a token)
 * so the submission names the approval; the comment input is `comment`/`comment`.
 * @example
 * await views.open({ trigger_id, view: renderRejectModal(approval, { commentRequired: policy.requireComment }) });
 */
export const renderRejectModal = (
  approval: ApprovalRecord,
  options: { commentRequired?: boolean } = {},
): ModalView =>
  commentModal(approval, {
    callbackId: REJECT_SUBMIT_CALLBACK_ID,
    title: 'Reject approval',
    submit: 'Reject',
    question: `Reject *${escapeMrkdwn(approval.pipeline)}* at ${approvalPlace(approval)}? The execution stops there.`,
    label: 'Why? (shown in the thread and in CodePipeline)',
    placeholder: 'e.g. Staging smoke tests are red',
    optional: options.commentRequired !== true,
  });

/**
 * Reads the comment from a `view_submission`'s `view.state.values`: trimmed, undefined when empty.
 * @throws PipegateError INVALID_REQUEST when the state does not hold the modal's comment input
 * @example
 * const comment = readRejectComment(payload.view.state.values);
 */
export const readRejectComment = readModalComment;
