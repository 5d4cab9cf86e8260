import { consoleGate } from '../support/console-gate';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { approvalPlan } from './approval-plans';

// A whole run (request, console decision, the remaining stages) through the real ingest handler.

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

describe('an approval decided in the CodePipeline console', () => {
  it('settles the record, the request message, the card and the audit from the action SUCCEEDED event', async () => {
    // Prepare
    const plan = approvalPlan();
    const { gate, decideInConsole } = consoleGate(harness.stack.codepipeline);
    const played = harness.play(plan, gate);
    const request = await waitFor(() => harness.approvalMessage(plan.executionId));

    // Act
    decideInConsole('Approved');
    await played;

    // Assess
    const [record] = await harness.approvals.listForExecution(plan.executionId);
    expect(record).toMatchObject({ status: 'completed-outside', decision: 'Approved', channel: 'console' });
    const updated = await waitFor(() =>
      harness.stack.slack
        .messages()
        .find(
          (message) =>
            message.ts === request.ts && JSON.stringify(message.blocks).includes('Approved in the console'),
        ),
    );
    expect(JSON.stringify(updated.blocks)).not.toContain('pipegate.approve');
    const card = harness.stack.slack.messages().find((message) => message.ts === request.thread_ts);
    expect(JSON.stringify(card?.blocks)).toContain('Approved in the console');
    expect(await harness.auditOf(plan.executionId)).toContainEqual(
      expect.objectContaining({
        action: 'approval.reconciled',
        details: expect.objectContaining({ actionState: 'SUCCEEDED', decision: 'Approved' }),
      }),
    );
    expect(
      harness.stack.codepipeline.approvalResults().filter((r) => r.executionId === plan.executionId),
    ).toEqual([]);
  });
});
