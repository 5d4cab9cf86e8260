import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { PipegateError } from '../../../shared/errors';
import { encodeApprovalRef } from '../../../shared/present/slack/approval-ref';
import { handleInteraction, type InteractionDeps } from '../../../shared/slack/handle-interaction';
import { type Interaction, parseInteraction } from '../../../shared/slack/interaction-payload';
import { type ApprovalWorld, approvalWorld, PEOPLE } from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';

/** A button click as Slack posts it (form body with a JSON payload), parsed by the real schema. */
const click = (
  actionId: 'pipegate.approve' | 'pipegate.reject',
  record: ApprovalRecord,
  user: string,
): Interaction =>
  parseInteraction(
    `payload=${encodeURIComponent(
      JSON.stringify({
        type: 'block_actions',
        user: { id: user },
        trigger_id: 'trigger-1',
        channel: { id: 'CDEPLOYS' },
        container: { message_ts: '1767000000.000002', thread_ts: '1767000000.000001' },
        actions: [{ action_id: actionId, value: encodeApprovalRef(record) }],
      }),
    )}`,
  );

/** The reject dialog's submission. */
const submitReject = (record: ApprovalRecord, user: string, comment: string | null): Interaction =>
  parseInteraction(
    `payload=${encodeURIComponent(
      JSON.stringify({
        type: 'view_submission',
        user: { id: user },
        view: {
          callback_id: 'pipegate.reject.submit',
          private_metadata: encodeApprovalRef(record),
          state: { values: { comment: { comment: { value: comment } } } },
        },
      }),
    )}`,
  );

const depsOf = (world: ApprovalWorld): InteractionDeps => ({
  decide: world.decide,
  chat: world.chat,
  decisions: world.decisions,
});

describe('handleInteraction: answers Slack at once, the decider does the rest', () => {
  it('Approve claims the decision and hands it to the decider with where to answer', async () => {
    // Prepare
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    // Act
    const response = await handleInteraction(click('pipegate.approve', record, 'U0ALICE01'), depsOf(world));

    // Assess
    expect(response).toBeUndefined();
    expect(world.decisions.jobs).toEqual([
      expect.objectContaining({
        decision: 'Approved',
        actor: PEOPLE.alice,
        reply: { channel: 'CDEPLOYS', user: 'U0ALICE01', threadTs: '1767000000.000001' },
      }),
    ]);
    expect(world.approvals.stored(record.executionId, record.approvalId)?.claim?.by).toEqual(PEOPLE.alice);
    expect(world.pipeline.puts).toHaveLength(0);
  });

  it('a refused Approve tells the person in an ephemeral message and is on the record', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    await handleInteraction(click('pipegate.approve', record, 'U0BOB0001'), depsOf(world));

    expect(world.chat.ephemerals).toEqual([
      expect.objectContaining({
        channel: 'CDEPLOYS',
        user: 'U0BOB0001',
        text: expect.stringContaining('not on the approver list'),
      }),
    ]);
    expect(world.audit.refusals()).toEqual(['NOT_ALLOWED']);
    expect(world.decisions.jobs).toHaveLength(0);
  });

  it('gives the claim back when the hand-over fails and says try again; a second click works', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    world.decisions.faults.failNext('enqueue', new PipegateError('TRANSIENT', 'Lambda throttled'));

    await handleInteraction(click('pipegate.approve', record, 'U0ALICE01'), depsOf(world));

    expect(world.chat.ephemerals[0]?.text).toContain('nothing was decided. Please try again');
    expect(world.approvals.stored(record.executionId, record.approvalId)?.claim).toBeUndefined();
    await handleInteraction(click('pipegate.approve', record, 'U0ALICE01'), depsOf(world));
    expect(world.decisions.jobs).toHaveLength(1);
  });

  it('a Slack user the workspace does not know is refused on the record, not a 500', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    await handleInteraction(click('pipegate.approve', record, 'U0GONE001'), depsOf(world));

    expect(world.audit.entries[0]).toMatchObject({ reason: 'NOT_ALLOWED', actor: { id: 'slack:U0GONE001' } });
  });

  it('an ephemeral Slack will not take does not turn a refusal into a failure', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    world.chat.faults.failNext(
      'postEphemeral',
      new PipegateError('PERMANENT_DELIVERY', 'user_not_in_channel'),
    );

    await expect(
      handleInteraction(click('pipegate.approve', record, 'U0BOB0001'), depsOf(world)),
    ).resolves.toBeUndefined();

    expect(world.log.messages('warn')).toContain('could not tell a Slack user why nothing was decided');
  });

  it('Reject opens the comment dialog after the same checks, claiming nothing yet', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    await handleInteraction(click('pipegate.reject', record, 'U0ALICE01'), depsOf(world));

    expect(world.chat.views).toEqual([
      expect.objectContaining({
        triggerId: 'trigger-1',
        view: expect.objectContaining({ callback_id: 'pipegate.reject.submit' }),
      }),
    ]);
    expect(world.approvals.saves).toHaveLength(0);
  });

  it('Reject by someone who may not decide is told at once, without a dialog', async () => {
    const record = approvalRecord({ trigger: { authorEmail: 'alice@example.com' } });
    const world = approvalWorld({ records: [record] });

    await handleInteraction(click('pipegate.reject', record, 'U0ALICE01'), depsOf(world));

    expect(world.chat.views).toHaveLength(0);
    expect(world.chat.ephemerals[0]?.text).toContain('You authored this change');
    expect(world.audit.refusals()).toEqual(['SELF_APPROVAL']);
  });

  it('the dialog’s submission claims the rejection with its comment and hands it over without a reply', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    const response = await handleInteraction(
      submitReject(record, 'U0ALICE01', 'breaks checkout'),
      depsOf(world),
    );

    expect(response).toBeUndefined();
    expect(world.decisions.jobs).toEqual([
      expect.objectContaining({ decision: 'Rejected', comment: 'breaks checkout' }),
    ]);
    expect(world.decisions.jobs[0]?.reply).toBeUndefined();
  });

  it('a submission without the required comment gets a field error, on the record', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    const response = await handleInteraction(submitReject(record, 'U0ALICE01', null), depsOf(world));

    expect(response).toEqual({
      response_action: 'errors',
      errors: { comment: 'Please add a comment saying why you reject this change.' },
    });
    expect(world.audit.refusals()).toEqual(['COMMENT_REQUIRED']);
  });

  it('a fault that is not a refusal reaches the transport', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    world.approvals.faults.failNext('get', new PipegateError('INTERNAL', 'boom'));

    await expect(
      handleInteraction(click('pipegate.approve', record, 'U0ALICE01'), depsOf(world)),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });
});
