import { clickSlackButton } from '../../../local/slack-click';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { approvalOnlyPlan, approvalPlan } from './approval-plans';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const approvals = () => harness.approvals;

/** Starts a run and returns a function that clicks its Approve button as a given user. */
const waitingRun = async (plan = approvalPlan()) => {
  const played = harness.play(plan);
  const message = await waitFor(() => harness.approvalMessage(plan.executionId));
  const record = await waitFor(async () => (await approvals().listForExecution(plan.executionId))[0]);
  const click = (userId: string) =>
    clickSlackButton({
      apiUrl: harness.stack.api.url,
      signingSecret: harness.stack.env.SLACK_SIGNING_SECRET as string,
      userId,
      actionId: 'pipegate.approve',
      value: JSON.stringify({ e: plan.executionId, a: record.approvalId }),
      channel: message.channel,
      messageTs: message.ts,
    });
  return { plan, played, record, message, click };
};

describe('approval races and approvals settled elsewhere', () => {
  it('calls PutApprovalResult exactly once when two approvers click at the same moment (50 trials)', async () => {
    // Prepare
    const trials = 50;
    const outcomes: number[] = [];

    // Act
    const parallel = 5;
    for (let batch = 0; batch < trials / parallel; batch += 1) {
      const runs = await Promise.all(Array.from({ length: parallel }, () => waitingRun(approvalOnlyPlan())));
      await Promise.all(runs.flatMap((run) => [run.click('U0JANE001'), run.click('U0SAM0002')]));
      await Promise.all(runs.map((run) => run.played));
      for (const run of runs) {
        outcomes.push(
          harness.stack.codepipeline.approvalResults().filter((r) => r.executionId === run.plan.executionId)
            .length,
        );
      }
    }

    // Assess
    expect(outcomes).toEqual(Array.from({ length: trials }, () => 1));
  }, 600_000);

  it('tells the slower approver who decided', async () => {
    // Prepare
    const run = await waitingRun();
    await run.click('U0JANE001');
    await run.played;

    // Act
    await run.click('U0SAM0002');

    // Assess
    const told = harness.stack.slack.ephemerals().filter((e) => e.user === 'U0SAM0002');
    expect(told.at(-1)?.text).toMatch(/already approved by Jane Doe/);
  });

  it('shows an approval completed in the console as completed outside pipegate', async () => {
    // Prepare
    const run = await waitingRun();
    harness.stack.codepipeline.completeOutside(run.plan.pipeline, 'Approval', 'ManualApproval', 'Approved');

    // Act
    await run.click('U0SAM0002');

    // Assess: the decider finds out and tells the approver once it has run (after Slack got its answer).
    const told = await waitFor(() =>
      harness.stack.slack
        .ephemerals()
        .find((e) => e.user === 'U0SAM0002' && /completed outside pipegate/.test(String(e.text))),
    );
    expect(told.channel).toBe(run.message.channel);
    expect((await approvals().get(run.plan.executionId, run.record.approvalId))?.status).toBe(
      'completed-outside',
    );
  });

  it('waits for the token when CodePipeline has not shown it yet (token lag)', async () => {
    // Prepare
    const run = await waitingRun();
    const before = harness.stack.codepipeline.calls().length;

    // Act
    await run.click('U0SAM0002');
    await run.played;

    // Assess
    await waitFor(() =>
      harness.stack.codepipeline.approvalResults().some((r) => r.executionId === run.plan.executionId),
    );
    const reads = harness.stack.codepipeline
      .calls()
      .slice(before)
      .filter((call) => call.operation === 'GetPipelineState' || call.operation === 'ListActionExecutions');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(
      harness.stack.codepipeline.approvalResults().some((r) => r.executionId === run.plan.executionId),
    ).toBe(true);
  });
});
