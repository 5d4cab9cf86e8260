import type { ModalView } from '@slack/types';
import type { ApprovalRecord } from '../../approvals/approval-record';
import type { ActiveFreeze } from '../../freezes/active-freezes';
import { escapeMrkdwn } from '../text/format';
import { encodeApprovalRef } from './approval-ref';
import { approvalPlace } from './approval-status';
import { freezeNoticeMrkdwn } from './freeze-notice';
import { MAX_REJECT_COMMENT } from './reject-modal';

/** The `callback_id` of the break-glass modal's `view_submission`. */
export const BREAK_GLASS_SUBMIT_CALLBACK_ID = 'pipegate.break-glass.submit';

/**
 * The modal Approve opens for a break-glass person inside a change freeze: it names the freeze and asks
 * for the reason, which is required. The reason input is `comment`/`comment` like the reject modal's, so
 * one reader serves both; `private_metadata` carries ids only.
 * @example
 * await views.open({ trigger_id, view: renderBreakGlassModal(approval, gate.freezes) });
 */
export const renderBreakGlassModal = (
  approval: ApprovalRecord,
  freezes: readonly ActiveFreeze[],
): ModalView => ({
  type: 'modal',
  callback_id: BREAK_GLASS_SUBMIT_CALLBACK_ID,
  private_metadata: encodeApprovalRef(approval),
  title: { type: 'plain_text', text: 'Break the freeze?' },
  submit: { type: 'plain_text', text: 'Approve anyway' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Approve *${escapeMrkdwn(approval.pipeline)}* at ${approvalPlace(approval)} inside a change freeze?\n${freezeNoticeMrkdwn(freezes)}\nThe approval, your name and your reason are announced in the channel and kept in the audit trail.`,
      },
    },
    {
      type: 'input',
      block_id: 'comment',
      optional: false,
      label: { type: 'plain_text', text: 'Why must this ship now? (required)' },
      element: {
        type: 'plain_text_input',
        action_id: 'comment',
        multiline: true,
        max_length: MAX_REJECT_COMMENT,
        placeholder: { type: 'plain_text', text: 'e.g. Hotfix for the checkout outage, INC-1234' },
      },
    },
  ],
});
