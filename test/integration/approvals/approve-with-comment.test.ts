import { clickSlackButton, submitRejectDialog } from '../../../local/slack-click';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { approvalOnlyPlan } from './approval-plans';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const signingSecret = () => harness.stack.env.SLACK_SIGNING_SECRET as string;
const resultsOf = (executionId: string) =>
  harness.stack.codepipeline.approvalResults().filter((result) => result.executionId === executionId);

/** Starts a run and returns its approval message, record and a way to click as someone. */
const waitingRun = async (pipeline: string) => {
  const plan = { ...approvalOnlyPlan(), pipeline };
  const played = harness.play(plan);
  const message = await waitFor(() => harness.approvalMessage(plan.executionId));
  const record = await waitFor(async () => (await harness.approvals.listForExecution(plan.executionId))[0]);
  const click = (userId: string, actionId: 'pipegate.approve' | 'pipegate.approve-comment') =>
    clickSlackButton({
      apiUrl: harness.stack.api.url,
      signingSecret: signingSecret(),
      userId,
      actionId,
      value: JSON.stringify({ e: plan.executionId, a: record.approvalId }),
      channel: message.channel,
      messageTs: message.ts,
    });
  return { plan, played, record, click };
};

/** Clicks "Approve with comment…" and submits the dialog Slack opened, as Slack would. */
const approveWithComment = async (
  run: Awaited<ReturnType<typeof waitingRun>>,
  userId: string,
  comment: string,
) => {
  const viewsBefore = harness.stack.slack.views().length;
  const click = await run.click(userId, 'pipegate.approve-comment');
  const view = await waitFor(() => harness.stack.slack.views()[viewsBefore]);
  const modal = (view.view ?? view) as { callback_id?: string; private_metadata?: string };
  const submitted = await submitRejectDialog({
    apiUrl: harness.stack.api.url,
    signingSecret: signingSecret(),
    userId,
    privateMetadata: String(modal.private_metadata),
    comment,
    callbackId: 'pipegate.approve.submit',
  });
  return { click, modal, submitted };
};

describe('approving with a comment from Slack', () => {
  it('opens a dialog and puts its comment in PutApprovalResult and the audit', async () => {
    // Prepare
    const run = await waitingRun('prod-api');

    // Act
    const { click, modal, submitted } = await approveWithComment(run, 'U0JANE001', 'Canary is green');
    await run.played;

    // Assess
    expect([click.status, submitted.status]).toEqual([200, 200]);
    expect(modal.callback_id).toBe('pipegate.approve.submit');
    expect(resultsOf(run.plan.executionId).map((result) => result.summary)).toEqual([
      'Approved by Jane Doe <jane@example.com> via Slack: Canary is green',
    ]);
    const decided = await waitFor(async () =>
      (await harness.auditOf(run.plan.executionId)).find((entry) => entry.action === 'approval.decided'),
    );
    expect(decided).toMatchObject({ comment: 'Canary is green', actor: { id: 'jane@example.com' } });
    const record = await harness.approvals.get(run.plan.executionId, run.record.approvalId);
    expect(record).toMatchObject({ status: 'approved', comment: 'Canary is green' });
  });

  it('counts a commented vote towards a quorum and names it in the final summary', async () => {
    // Prepare: prod-db needs two approvers (pipegate.config.yaml)
    const run = await waitingRun('prod-db');

    // Act
    await approveWithComment(run, 'U0SAM0002', 'Migration reviewed');
    const afterVote = await harness.approvals.get(run.plan.executionId, run.record.approvalId);
    await run.click('U0ALEX003', 'pipegate.approve');
    await run.played;

    // Assess
    expect(afterVote).toMatchObject({ status: 'pending', votes: [{ comment: 'Migration reviewed' }] });
    expect(resultsOf(run.plan.executionId).map((result) => result.summary)).toEqual([
      'Approved by 2: Sam Lee <sam@example.com> via Slack ("Migration reviewed"); Alex Kim <alex@example.com> via Slack',
    ]);
  });
});
