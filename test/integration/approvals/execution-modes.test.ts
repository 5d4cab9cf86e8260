import { clickSlackButton } from '../../../local/slack-click';
import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { consoleGate } from '../support/console-gate';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { approvalPlan } from './approval-plans';

// Whole runs through the real ingest handler, decided over HTTP.
// Generous waits: each event goes through the real handler and dynalite on a shared machine.
const PATIENCE_MS = 20_000;

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const pendingOf = (executionId: string) => async (): Promise<ApprovalRecord | undefined> =>
  (await harness.approvals.listForExecution(executionId)).find(
    (record) => record.status === 'pending' && record.slackMessages.length > 0,
  );

/** Clicks Approve on the execution's pending approval request (the one still carrying buttons). */
const approve = async (executionId: string, userId: string) => {
  const record = await waitFor(pendingOf(executionId), PATIENCE_MS);
  const message = await waitFor(() =>
    harness.stack.slack
      .messages()
      .find(
        (m) => m.ts === record.slackMessages[0]?.ts && JSON.stringify(m.blocks).includes('pipegate.approve'),
      ),
  );
  return clickSlackButton({
    apiUrl: harness.stack.api.url,
    signingSecret: harness.stack.env.SLACK_SIGNING_SECRET as string,
    userId,
    actionId: 'pipegate.approve',
    value: JSON.stringify({ e: executionId, a: record.approvalId }),
    channel: message.channel,
    messageTs: message.ts,
  });
};

const resultsFor = (executionId: string) =>
  harness.stack.codepipeline.approvalResults().filter((result) => result.executionId === executionId);

describe('approvals in PARALLEL execution mode', () => {
  it('decides each of two concurrent runs of one pipeline with its own token', async () => {
    // Prepare
    const pipeline = `parallel-${Date.now()}`;
    const first = { ...approvalPlan(), pipeline, executionMode: 'PARALLEL' as const };
    const second = { ...approvalPlan(), pipeline, executionMode: 'PARALLEL' as const };
    const played = [harness.play(first), harness.play(second)];
    await Promise.all([
      waitFor(pendingOf(first.executionId), PATIENCE_MS),
      waitFor(pendingOf(second.executionId), PATIENCE_MS),
    ]);

    // Act
    await approve(second.executionId, 'U0SAM0002');
    await approve(first.executionId, 'U0JANE001');
    await Promise.all(played);

    // Assess
    const [firstResult] = resultsFor(first.executionId);
    const [secondResult] = resultsFor(second.executionId);
    expect([resultsFor(first.executionId).length, resultsFor(second.executionId).length]).toEqual([1, 1]);
    expect(firstResult?.summary).toContain('Jane Doe');
    expect(secondResult?.summary).toContain('Sam Lee');
    // GetPipelineState shows no token in PARALLEL mode: the tokens came from ListActionExecutions.
    expect(harness.stack.codepipeline.calls('ListActionExecutions')).not.toHaveLength(0);
    for (const plan of [first, second]) {
      const [record] = await harness.approvals.listForExecution(plan.executionId);
      expect(record?.status).toBe('approved');
    }
  });
});

describe('approvals after a stage retry', () => {
  it('asks again for the retried approval action of the same execution and decides only that one', async () => {
    // Prepare
    const plan = approvalPlan();
    const { gate, decideInConsole } = consoleGate(harness.stack.codepipeline);
    const failed = harness.play(plan, gate);
    await waitFor(pendingOf(plan.executionId), PATIENCE_MS);
    decideInConsole('Rejected');
    await failed;
    const retried = harness.play({ ...plan, retry: { fromStage: 'Approval', attempt: 1 } });

    // Act
    const response = await approve(plan.executionId, 'U0SAM0002');
    await retried;

    // Assess
    expect(response.status).toBe(200);
    const records = await harness.approvals.listForExecution(plan.executionId);
    expect(records.map((record) => [record.approvalId, record.status]).sort()).toEqual(
      [
        [`${plan.executionId.slice(0, 8)}-approval-0`, 'completed-outside'],
        [`${plan.executionId.slice(0, 8)}-approval-0-r1`, 'approved'],
      ].sort(),
    );
    const results = resultsFor(plan.executionId);
    expect(results.map((result) => result.actionExecutionId)).toEqual([
      `${plan.executionId.slice(0, 8)}-approval-0-r1`,
    ]);
    expect(results[0]?.summary).toBe('Approved by Sam Lee <sam@example.com> via Slack');
  });
});
