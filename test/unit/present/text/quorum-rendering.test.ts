import type { InputBlock } from '@slack/types';
import {
  renderApprovalOutcome,
  renderApprovalRequest,
} from '../../../../shared/present/slack/approval-message';
import { approvalStatusLine } from '../../../../shared/present/slack/approval-status';
import {
  APPROVE_SUBMIT_CALLBACK_ID,
  renderApproveModal,
} from '../../../../shared/present/slack/approve-modal';
import { readModalComment } from '../../../../shared/present/slack/comment-modal';
import { quorumProgressLine, quorumProgressText } from '../../../../shared/present/text/quorum-progress';
import { pendingApproval, summaryOf } from '../summaries';

const AT = '2026-11-20T10:10:00Z';
const sam = { id: 'sam@example.com', name: 'Sam Lee', email: 'sam@example.com', slackUserId: 'U0SAM0002' };
const alex = { id: 'alex@example.com', email: 'alex@example.com' };
const oneOfTwo = pendingApproval({ required: 2, votes: [{ by: sam, channel: 'slack', at: AT }] });

describe('quorum progress', () => {
  it.each([
    [pendingApproval(), undefined],
    [pendingApproval({ required: 2 }), '0 of 2 · waiting for 2 approvals'],
    [oneOfTwo, '1 of 2 — approved by Sam Lee · waiting for one more'],
    [
      pendingApproval({ required: 3, votes: [{ by: sam, channel: 'slack', at: AT }] }),
      '1 of 3 — approved by Sam Lee · waiting for 2 more',
    ],
    [
      pendingApproval({
        required: 2,
        votes: [
          { by: sam, channel: 'slack', at: AT },
          { by: alex, channel: 'email', at: AT },
        ],
      }),
      '2 of 2 — approved by Sam Lee and alex@example.com',
    ],
  ])('says where the count stands (%#)', (approval, expected) => {
    expect(quorumProgressLine(approval)).toBe(expected);
  });

  it('tells the voter their approval counted', () => {
    expect(quorumProgressText(oneOfTwo)).toBe(
      'Your approval counts: 1 of 2 — approved by Sam Lee · waiting for one more.',
    );
  });

  it('shows the progress on the request message and keeps its buttons', () => {
    // Act
    const message = renderApprovalRequest(oneOfTwo, summaryOf('prod-api-success', 11));

    // Assess
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('*Approvals needed:* 1 of 2 — approved by Sam Lee · waiting for one more');
    expect(json).toContain('pipegate.approve');
  });

  it('shows the progress on the card line while waiting', () => {
    expect(approvalStatusLine(oneOfTwo)).toContain(
      '⏳ Waiting for approval in *Approval / ManualApproval* — 1 of 2 — approved by Sam Lee · waiting for one more',
    );
  });

  it('names every approver once the quorum decided', () => {
    // Prepare
    const approved = pendingApproval({
      status: 'approved',
      decision: 'Approved',
      decidedBy: alex,
      decidedAt: AT,
      channel: 'email',
      required: 2,
      votes: [
        { by: sam, channel: 'slack', at: AT },
        { by: alex, channel: 'email', at: AT },
      ],
    });

    // Act
    const outcome = renderApprovalOutcome(approved);

    // Assess
    expect(JSON.stringify(outcome.blocks)).toContain(
      '✔ Approved by Sam Lee via Slack and alex@example.com via email (2 of 2)',
    );
  });
});

describe('renderApproveModal', () => {
  it('asks for an optional comment under the approve callback id', () => {
    // Act
    const view = renderApproveModal(pendingApproval());

    // Assess
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: APPROVE_SUBMIT_CALLBACK_ID,
      submit: { text: 'Approve' },
      private_metadata: JSON.stringify({ e: pendingApproval().executionId, a: pendingApproval().approvalId }),
    });
    const input = view.blocks.find((block): block is InputBlock => block.type === 'input');
    expect(input?.optional).toBe(true);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
  });

  it('says where a quorum stands', () => {
    // Act
    const view = renderApproveModal(oneOfTwo);

    // Assess
    expect(JSON.stringify(view.blocks)).toContain('Your approval counts towards the 2 needed');
  });

  it('reads the typed comment back the same way as the reject dialog', () => {
    expect(
      readModalComment({ comment: { comment: { type: 'plain_text_input', value: '  canary green ' } } }),
    ).toBe('canary green');
  });
});
