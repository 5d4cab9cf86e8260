import type { ModalView } from '@slack/types';
import type { ApprovalRecord } from '../../approvals/approval-record';
import { escapeMrkdwn } from '../text/format';
import { quorumProgressLine } from '../text/quorum-progress';
import { approvalPlace } from './approval-status';
import { commentModal } from './comment-modal';

/** The `callback_id` of the approve dialog's `view_submission`. */
export const APPROVE_SUBMIT_CALLBACK_ID = 'pipegate.approve.submit';

/**
 * The dialog the "Approve with comment…" button opens: the comment is optional and goes into the
 * PutApprovalResult summary, the thread and the audit. With a quorum it says where the count stands.
 * @example
 * await chat.openView(triggerId, renderApproveModal(approval));
 */
export const renderApproveModal = (approval: ApprovalRecord): ModalView => {
  const progress = quorumProgressLine(approval);
  const continues = progress
    ? `Your approval counts towards the ${approval.required ?? 1} needed (now ${escapeMrkdwn(progress)}).`
    : 'The execution continues past it.';
  return commentModal(approval, {
    callbackId: APPROVE_SUBMIT_CALLBACK_ID,
    title: 'Approve with comment',
    submit: 'Approve',
    question: `Approve *${escapeMrkdwn(approval.pipeline)}* at ${approvalPlace(approval)}? ${continues}`,
    label: 'Comment (shown in the thread and in CodePipeline)',
    placeholder: 'e.g. Canary is green, migration reviewed',
    optional: true,
  });
};
