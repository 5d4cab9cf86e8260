import type { ActionsBlock } from '@slack/types';
import type { ApprovalRecord } from '../../../../shared/approvals/approval-record';
import {
  renderApprovalOutcome,
  renderApprovalRequest,
} from '../../../../shared/present/slack/approval-message';
import { parseApprovalRef } from '../../../../shared/present/slack/approval-ref';
import { approvedApproval, pendingApproval, summaryOf, textsOf } from '../summaries';

const TOKEN = '0f5b706a-1a1d-46c5-86b6-f177321bcfb2';

/** A record as a careless caller might hold it, with the CodePipeline token next to the ids. */
const approvalWithToken = (): ApprovalRecord => ({ ...pendingApproval(), token: TOKEN }) as ApprovalRecord;

const actionsOf = (blocks: readonly { type: string }[]): ActionsBlock | undefined =>
  blocks.find((block): block is ActionsBlock => block.type === 'actions');

describe('renderApprovalRequest', () => {
  it('offers Approve (primary), Approve with comment and Reject (danger) with pipegate action ids', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const message = renderApprovalRequest(approval, summaryOf('prod-api-success', 11));

    // Assess
    const buttons = actionsOf(message.blocks)?.elements;
    expect(buttons).toEqual([
      expect.objectContaining({ type: 'button', action_id: 'pipegate.approve', style: 'primary' }),
      expect.objectContaining({ type: 'button', action_id: 'pipegate.approve-comment' }),
      expect.objectContaining({ type: 'button', action_id: 'pipegate.reject', style: 'danger' }),
    ]);
  });

  it('puts only the execution and approval ids in the button values', () => {
    // Prepare
    const approval = approvalWithToken();

    // Act
    const message = renderApprovalRequest(approval, summaryOf('prod-api-success', 11));

    // Assess
    const values = (actionsOf(message.blocks)?.elements ?? []).map((button) =>
      'value' in button ? JSON.parse(String(button.value)) : undefined,
    );
    const ref = { e: '4f1c2a9e-7b3d-4c8e-9a15-2d6f0b8e1c37', a: 'ec7ac8ad-1b2b-406b-aae1-2c972399d29d' };
    expect(values).toEqual([ref, ref, ref]);
  });

  it('never carries a token anywhere in the message', () => {
    // Prepare
    const approval = approvalWithToken();

    // Act
    const message = renderApprovalRequest(approval, summaryOf('prod-api-success', 11));

    // Assess
    const json = JSON.stringify(message);
    expect(json).not.toContain(TOKEN);
    expect(json.toLowerCase()).not.toContain('token');
  });

  it('writes button values the interactions handler can parse back', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const message = renderApprovalRequest(approval, undefined);

    // Assess
    const approve = actionsOf(message.blocks)?.elements[0];
    const value = approve && 'value' in approve ? String(approve.value) : '';
    expect(parseApprovalRef(value)).toEqual({
      executionId: approval.executionId,
      approvalId: approval.approvalId,
    });
  });

  it('says what waits: pipeline, stage and action, commit, and the stages that passed', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const message = renderApprovalRequest(approval, summaryOf('prod-api-success', 11));

    // Assess
    const texts = textsOf(message.blocks);
    expect(texts[0]).toBe('⏳ *prod-api* is waiting for approval in *Approval / ManualApproval*');
    expect(texts.join('\n')).toContain('|9c4e1f7> Add /healthz endpoint to the API · Jane Doe · main');
    expect(texts).toContain('✅ Source 4s · ✅ Build 4m 42s · ⏳ Approval waiting for approval');
  });

  it('shows when it expires', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const message = renderApprovalRequest(approval, undefined);

    // Assess
    expect(textsOf(message.blocks).join('\n')).toMatch(
      /Expires <!date\^\d+\^[^|]+\|Fri 27 Nov 2026 10:04 UTC>/,
    );
  });

  it('shows the approver instructions escaped and the review link', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const message = renderApprovalRequest(approval, undefined, {
      customData: 'Check <staging> & smoke tests',
      reviewUrl: 'https://staging.example.com/diff',
    });

    // Assess
    const text = textsOf(message.blocks).join('\n');
    expect(text).toContain('*Instructions*\n>Check &lt;staging&gt; &amp; smoke tests');
    expect(text).toContain('<https://staging.example.com/diff|Review the changes>');
  });

  it('gives a notification text naming the pipeline and the approval', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const message = renderApprovalRequest(approval, undefined);

    // Assess
    expect(message.text).toBe(
      '⏳ prod-api is waiting for approval in Approval/ManualApproval — Add /healthz endpoint to the API',
    );
  });
});

describe('renderApprovalOutcome', () => {
  it('has no buttons once decided', () => {
    // Prepare
    const approval = approvedApproval();

    // Act
    const message = renderApprovalOutcome(approval);

    // Assess
    expect(actionsOf(message.blocks)).toBeUndefined();
  });

  it('says who approved, via which channel, when, and their comment', () => {
    // Prepare
    const approval = approvedApproval({ comment: 'looks good\nship it' });

    // Act
    const message = renderApprovalOutcome(approval);

    // Assess
    expect(textsOf(message.blocks)[0]).toMatch(
      /^✅ \*prod-api\* · approval in \*Approval \/ ManualApproval\*\n✔ Approved by Jane Doe via Slack at <!date\^\d+\^\{time\}\|14:02 UTC>\n>looks good\n>ship it$/,
    );
    expect(message.text).toBe('✅ prod-api: Approval/ManualApproval approved by Jane Doe');
  });

  it('says who rejected, by email, with the day when it was not the request day', () => {
    // Prepare
    const approval = approvedApproval({
      status: 'rejected',
      decision: 'Rejected',
      channel: 'email',
      decidedAt: '2026-11-21T09:00:00Z',
      comment: 'smoke tests red',
    });

    // Act
    const message = renderApprovalOutcome(approval);

    // Assess
    expect(textsOf(message.blocks)[0]).toContain(
      '✖ Rejected by Jane Doe via email at <!date^1795251600^{date_short_pretty} {time}|Sat 21 Nov 2026 09:00 UTC>',
    );
  });

  it('says when an approval was completed outside pipegate', () => {
    // Prepare
    const approval = pendingApproval({ status: 'completed-outside' });

    // Act
    const message = renderApprovalOutcome(approval);

    // Assess
    expect(textsOf(message.blocks)[0]).toContain('Completed in the console or CLI, outside pipegate');
  });

  it('says an approval reconciled from a succeeded action was approved in the console', () => {
    // Prepare
    const approval = pendingApproval({ status: 'completed-outside', decision: 'Approved' });

    // Act
    const message = renderApprovalOutcome(approval);

    // Assess
    expect(textsOf(message.blocks)[0]).toContain('Approved in the console or CLI, outside pipegate');
    expect(message.text).toContain('approved in the console or CLI');
  });

  it('says when an approval expired without a decision', () => {
    // Prepare
    const approval = pendingApproval({ status: 'expired' });

    // Act
    const message = renderApprovalOutcome(approval);

    // Assess
    expect(textsOf(message.blocks)[0]).toContain('⌛ Expired without a decision');
  });

  it('names a Slack user without a known name by mention', () => {
    // Prepare
    const approval = approvedApproval({ decidedBy: { id: 'slack:U024BE7LH', slackUserId: 'U024BE7LH' } });

    // Act
    const message = renderApprovalOutcome(approval);

    // Assess
    expect(textsOf(message.blocks)[0]).toContain('✔ Approved by <@U024BE7LH> via Slack');
  });
});
