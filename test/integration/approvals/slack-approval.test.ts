import { clickSlackButton, submitRejectDialog } from '../../../local/slack-click';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { countedFor } from '../support/noise-counters';
import { approvalPlan } from './approval-plans';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const buttonsOf = (executionId: string) => async () => {
  const message = harness.approvalMessage(executionId);
  if (!message) return undefined;
  return { channel: message.channel, ts: message.ts, value: JSON.stringify({ e: executionId, a: '' }) };
};
const approvals = () => harness.approvals;
const click = async (
  executionId: string,
  userId: string,
  actionId: 'pipegate.approve' | 'pipegate.reject',
) => {
  const message = await waitFor(buttonsOf(executionId));
  const [record] = await approvals().listForExecution(executionId);
  if (!record) throw new Error('no approval recorded');
  return clickSlackButton({
    apiUrl: harness.stack.api.url,
    signingSecret: harness.stack.env.SLACK_SIGNING_SECRET as string,
    userId,
    actionId,
    value: JSON.stringify({ e: executionId, a: record.approvalId }),
    channel: message.channel,
    messageTs: message.ts,
  });
};

describe('approving from Slack', () => {
  it('approves with the button, calls PutApprovalResult naming the approver, and the pipeline continues', async () => {
    // Prepare
    const plan = approvalPlan();
    const played = harness.play(plan);

    const request = await waitFor(() => harness.approvalMessage(plan.executionId));

    // Act
    const response = await click(plan.executionId, 'U0SAM0002', 'pipegate.approve');
    await played;

    // Assess
    expect(response.status).toBe(200);
    const results = harness.stack.codepipeline
      .approvalResults()
      .filter((r) => r.executionId === plan.executionId);
    expect(results).toHaveLength(1);
    expect(results[0]?.summary).toBe('Approved by Sam Lee <sam@example.com> via Slack');
    // The decider records and announces after PutApprovalResult, asynchronously: wait for it, not the clock.
    const record = await waitFor(async () => {
      const [stored] = await approvals().listForExecution(plan.executionId);
      return stored?.status === 'approved' ? stored : undefined;
    });
    const outcome = await waitFor(() =>
      harness.stack.slack.messages().find((message) => message.ts === request.ts && message.updates > 0),
    );
    expect(record).toMatchObject({
      status: 'approved',
      decidedBy: { email: 'sam@example.com' },
      channel: 'slack',
    });
    // The action's 120-minute timeout caps the policy's 7 days.
    expect(Date.parse(record?.expiresAt ?? '') - Date.parse(record?.requestedAt ?? '')).toBe(120 * 60_000);
    expect(JSON.stringify(outcome?.blocks)).not.toContain('pipegate.approve');
    expect(JSON.stringify(outcome?.blocks)).toContain('Sam Lee');
    expect(JSON.stringify(request.blocks)).toContain('Check the canary first');
    expect(JSON.stringify(request.blocks)).toContain('https://grafana.example.com/d/canary');
  });

  it('tells someone outside the approver list, politely and ephemerally, and decides nothing', async () => {
    // Prepare
    const plan = approvalPlan();
    void harness.play(plan);

    // Act
    const response = await click(plan.executionId, 'U0ALEX003', 'pipegate.approve');

    // Assess
    expect(response.status).toBe(200);
    const told = harness.stack.slack.ephemerals().filter((e) => e.user === 'U0ALEX003');
    expect(told.at(-1)?.text).toMatch(/not on the approver list/);
    const [record] = await approvals().listForExecution(plan.executionId);
    expect(record?.status).toBe('pending');
    expect(await harness.auditOf(plan.executionId)).toContainEqual(
      expect.objectContaining({
        action: 'approval.refused',
        reason: 'NOT_ALLOWED',
        actor: expect.objectContaining({ id: 'alex@example.com' }),
      }),
    );
    await click(plan.executionId, 'U0JANE001', 'pipegate.approve');
  });

  it('refuses the commit author when the policy prevents self-approval', async () => {
    // Prepare
    const plan = approvalPlan({ name: 'Jane Doe', email: 'jane@example.com' });
    void harness.play(plan);

    // Act
    await click(plan.executionId, 'U0JANE001', 'pipegate.approve');

    // Assess
    const told = harness.stack.slack.ephemerals().filter((e) => e.user === 'U0JANE001');
    expect(told.at(-1)?.text).toMatch(/authored this change/);
    expect((await harness.auditOf(plan.executionId)).map((entry) => entry.reason)).toContain('SELF_APPROVAL');
    const [record] = await approvals().listForExecution(plan.executionId);
    expect(record?.status).toBe('pending');
    await click(plan.executionId, 'U0SAM0002', 'pipegate.approve');
  });

  it('opens the comment dialog on Reject and rejects with the comment on submission', async () => {
    // Prepare
    const plan = approvalPlan();
    const played = harness.play(plan);
    await click(plan.executionId, 'U0SAM0002', 'pipegate.reject');
    const view = await waitFor(() => harness.stack.slack.views().at(-1));

    // Act
    const response = await submitRejectDialog({
      apiUrl: harness.stack.api.url,
      signingSecret: harness.stack.env.SLACK_SIGNING_SECRET as string,
      userId: 'U0SAM0002',
      privateMetadata: String(
        (view.view as { private_metadata?: string } | undefined)?.private_metadata ?? view.private_metadata,
      ),
      comment: 'Breaks the payments contract',
    });
    await played;

    // Assess
    expect(response.status).toBe(200);
    const record = await waitFor(async () => {
      const [stored] = await approvals().listForExecution(plan.executionId);
      return stored?.status === 'rejected' ? stored : undefined;
    });
    expect(record).toMatchObject({ status: 'rejected', comment: 'Breaks the payments contract' });
    const results = harness.stack.codepipeline
      .approvalResults()
      .filter((r) => r.executionId === plan.executionId);
    expect(results[0]?.summary).toBe(
      'Rejected by Sam Lee <sam@example.com> via Slack: Breaks the payments contract',
    );
  });

  it('refuses a request with a bad signature with 401', async () => {
    // Prepare
    const body = 'payload=%7B%7D';

    const countedBefore = await countedFor(harness.stack, 'slack-interactions');

    // Act
    const response = await fetch(`${harness.stack.api.url}/slack/interactions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': 'v0=deadbeef',
      },
      body,
    });

    // Assess
    expect(response.status).toBe(401);
    // Counted, not an audit entry: anyone can send these (security review, finding 2).
    expect(await countedFor(harness.stack, 'slack-interactions')).toBe(countedBefore + 1);
    expect((await harness.auditOf(undefined)).map((entry) => entry.reason)).not.toContain('BAD_SIGNATURE');
  });
});
