import type { InputBlock } from '@slack/types';
import { parseApprovalRef } from '../../../../shared/present/slack/approval-ref';
import { readRejectComment, renderRejectModal } from '../../../../shared/present/slack/reject-modal';
import { pendingApproval } from '../summaries';

const inputOf = (blocks: readonly { type: string }[]): InputBlock | undefined =>
  blocks.find((block): block is InputBlock => block.type === 'input');

/** The `view.state.values` Slack sends when the modal is submitted with `text` typed in. */
const submittedValues = (blocks: readonly { type: string }[], text: string | null): unknown => {
  const input = inputOf(blocks);
  const actionId = input && 'action_id' in input.element ? String(input.element.action_id) : 'missing';
  return { [input?.block_id ?? 'missing']: { [actionId]: { type: 'plain_text_input', value: text } } };
};

describe('renderRejectModal', () => {
  it('is a modal with the pipegate callback id, Reject and Cancel buttons and a short title', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const view = renderRejectModal(approval);

    // Assess
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'pipegate.reject.submit',
      submit: { type: 'plain_text', text: 'Reject' },
      close: { type: 'plain_text', text: 'Cancel' },
    });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
  });

  it('carries the execution and approval ids (and nothing else) in private_metadata', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const view = renderRejectModal(approval);

    // Assess
    expect(parseApprovalRef(view.private_metadata ?? '')).toEqual({
      executionId: approval.executionId,
      approvalId: approval.approvalId,
    });
  });

  it('asks for the comment in a multi-line input named comment/comment', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const view = renderRejectModal(approval);

    // Assess
    expect(inputOf(view.blocks)).toMatchObject({
      block_id: 'comment',
      element: { type: 'plain_text_input', action_id: 'comment', multiline: true },
    });
  });

  it('makes the comment required when the policy says so', () => {
    // Prepare
    const approval = pendingApproval();

    // Act
    const view = renderRejectModal(approval, { commentRequired: true });

    // Assess
    expect(inputOf(view.blocks)?.optional).toBe(false);
  });
});

describe('readRejectComment', () => {
  it('round-trips the comment typed into the modal', () => {
    // Prepare
    const view = renderRejectModal(pendingApproval());
    const values = submittedValues(view.blocks, '  Staging smoke tests are red\nsee #ops  ');

    // Act
    const comment = readRejectComment(values);

    // Assess
    expect(comment).toBe('Staging smoke tests are red\nsee #ops');
  });

  it.each([
    ['left empty', null],
    ['only blanks', '   '],
  ])('gives undefined for a comment %s', (_case, text) => {
    // Prepare
    const view = renderRejectModal(pendingApproval());
    const values = submittedValues(view.blocks, text);

    // Act
    const comment = readRejectComment(values);

    // Assess
    expect(comment).toBeUndefined();
  });

  it('refuses state without the comment input as INVALID_REQUEST', () => {
    // Prepare
    const values = { other: { comment: { value: 'x' } } };

    // Act
    const act = (): unknown => readRejectComment(values);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});
