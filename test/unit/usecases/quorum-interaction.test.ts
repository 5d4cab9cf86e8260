import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { runDecisionJob } from '../../../shared/notify/run-decision-job';
import { encodeApprovalRef } from '../../../shared/present/slack/approval-ref';
import { handleInteraction, type InteractionDeps } from '../../../shared/slack/handle-interaction';
import { type Interaction, parseInteraction } from '../../../shared/slack/interaction-payload';
import { type ApprovalWorld, approvalWorld, PEOPLE, testConfig } from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';

/** Alice, Rita and Bob may approve prod pipelines; two of them must. Sam wrote the change. */
const QUORUM_YAML = `
approvals:
  - match: { pipelines: ["prod-*"] }
    slack: { users: [U0ALICE01, U0RITA001, U0BOB0001], channels: ["#deploys"] }
    preventSelfApproval: true
    required: 2
`;

const payload = (body: Record<string, unknown>): Interaction =>
  parseInteraction(`payload=${encodeURIComponent(JSON.stringify(body))}`);
const click = (actionId: string, record: ApprovalRecord, user: string): Interaction =>
  payload({
    type: 'block_actions',
    user: { id: user },
    trigger_id: 'trigger-1',
    channel: { id: 'CDEPLOYS' },
    container: { message_ts: '1767000000.000002', thread_ts: '1767000000.000001' },
    actions: [{ action_id: actionId, value: encodeApprovalRef(record) }],
  });
const submitApprove = (record: ApprovalRecord, user: string, comment: string | null): Interaction =>
  payload({
    type: 'view_submission',
    user: { id: user },
    view: {
      callback_id: 'pipegate.approve.submit',
      private_metadata: encodeApprovalRef(record),
      state: { values: { comment: { comment: { value: comment } } } },
    },
  });

const depsOf = (world: ApprovalWorld): InteractionDeps => ({
  decide: world.decide,
  chat: world.chat,
  decisions: world.decisions,
});

describe('approve with comment from Slack', () => {
  it('opens the approve dialog after the checks, and its submission hands the comment to the decider', async () => {
    // Prepare
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    // Act
    await handleInteraction(click('pipegate.approve-comment', record, 'U0ALICE01'), depsOf(world));
    const response = await handleInteraction(
      submitApprove(record, 'U0ALICE01', '  canary green '),
      depsOf(world),
    );

    // Assess
    expect(world.chat.views.map((opened) => opened.view)).toEqual([
      expect.objectContaining({ callback_id: 'pipegate.approve.submit' }),
    ]);
    expect(response).toBeUndefined();
    expect(world.decisions.jobs).toEqual([
      expect.objectContaining({ decision: 'Approved', comment: 'canary green', actor: PEOPLE.alice }),
    ]);
  });

  it('tells someone who may not approve before the dialog opens', async () => {
    // Prepare
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    // Act
    await handleInteraction(click('pipegate.approve-comment', record, 'U0BOB0001'), depsOf(world));

    // Assess
    expect(world.chat.views).toHaveLength(0);
    expect(world.chat.ephemerals[0]?.text).toContain('not on the approver list');
  });
});

describe('a quorum vote from Slack', () => {
  it('counts the vote, tells the voter and hands only the progress to the decider', async () => {
    // Prepare
    const record = approvalRecord();
    const world = approvalWorld({ records: [record], config: testConfig(QUORUM_YAML) });

    // Act
    await handleInteraction(click('pipegate.approve', record, 'U0ALICE01'), depsOf(world));

    // Assess
    const stored = world.approvals.stored(record.executionId, record.approvalId);
    expect(stored).toMatchObject({ status: 'pending', required: 2, votes: [{ by: PEOPLE.alice }] });
    expect(stored?.claim).toBeUndefined();
    expect(world.chat.ephemerals.map((message) => message.text)).toEqual([
      'Your approval counts: 1 of 2 — approved by Alice Doe · waiting for one more.',
    ]);
    expect(world.decisions.jobs).toEqual([expect.objectContaining({ progress: true, actor: PEOPLE.alice })]);
    expect(world.audit.entries.map((entry) => entry.action)).toEqual(['approval.vote']);
  });

  it('the decider only announces a progress job, and never calls CodePipeline for it', async () => {
    // Prepare
    const record = approvalRecord();
    const world = approvalWorld({ records: [record], config: testConfig(QUORUM_YAML) });
    world.pipeline.waiting(record.approvalId);
    await handleInteraction(click('pipegate.approve', record, 'U0ALICE01'), depsOf(world));
    const [job] = world.decisions.jobs;
    if (!job) throw new Error('no job handed over');

    // Act
    const outcome = await runDecisionJob(job, { decide: world.decide, chat: world.chat, log: world.log });

    // Assess
    expect(outcome).toEqual({ outcome: 'announced', status: 'pending' });
    expect(world.announced.map((announced) => announced.votes?.length)).toEqual([1]);
    expect(world.pipeline.puts).toHaveLength(0);
  });

  it('the second person’s vote takes the claim, and the decider names both in one PutApprovalResult', async () => {
    // Prepare
    const record = approvalRecord();
    const world = approvalWorld({ records: [record], config: testConfig(QUORUM_YAML) });
    world.pipeline.waiting(record.approvalId);
    await handleInteraction(click('pipegate.approve', record, 'U0ALICE01'), depsOf(world));

    // Act
    await handleInteraction(click('pipegate.approve', record, 'U0RITA001'), depsOf(world));
    for (const job of world.decisions.jobs) {
      await runDecisionJob(job, { decide: world.decide, chat: world.chat, log: world.log });
    }

    // Assess
    expect(world.pipeline.puts.map((put) => put.summary)).toEqual([
      'Approved by 2: Alice Doe <alice@example.com> via Slack; Rita Moe <rita@example.com> via Slack',
    ]);
    expect(world.approvals.stored(record.executionId, record.approvalId)?.status).toBe('approved');
  });

  it('refuses the change’s author on their vote, like any single approval', async () => {
    // Prepare: Sam wrote the change and is not even listed; make him listed to reach the self-approval rule
    const record = approvalRecord();
    const world = approvalWorld({
      records: [record],
      config: testConfig(QUORUM_YAML.replace('U0BOB0001]', 'U0BOB0001, U0SAM0001]')),
    });

    // Act
    await handleInteraction(click('pipegate.approve', record, 'U0SAM0001'), depsOf(world));

    // Assess
    expect(world.audit.refusals()).toEqual(['SELF_APPROVAL']);
    expect(world.approvals.stored(record.executionId, record.approvalId)?.votes).toBeUndefined();
  });
});
