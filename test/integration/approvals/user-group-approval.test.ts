import { join } from 'node:path';
import { clickSlackButton } from '../../../local/slack-click';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { approvalPlan } from './approval-plans';

// The only approvers are the members of one user group, resolved with usergroups.users.list.
process.env.PIPEGATE_CONFIG = join(
  __dirname,
  '..',
  '..',
  'fixtures',
  'config',
  'approvals',
  'group-only.yaml',
);

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
  delete process.env.PIPEGATE_CONFIG;
});

const approve = async (executionId: string, userId: string) => {
  const message = await waitFor(() => harness.approvalMessage(executionId));
  const [record] = await harness.approvals.listForExecution(executionId);
  if (!record) throw new Error('no approval recorded');
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

describe('a policy that allows only a Slack user group', () => {
  it('refuses someone outside the group, then lets a group member approve', async () => {
    // Prepare
    const plan = approvalPlan();
    const played = harness.play(plan);

    // Act
    const refused = await approve(plan.executionId, 'U0SAM0002');
    const approved = await approve(plan.executionId, 'U0JANE001');
    await played;

    // Assess
    expect([refused.status, approved.status]).toEqual([200, 200]);
    const told = harness.stack.slack.ephemerals().filter((e) => e.user === 'U0SAM0002');
    expect(told.at(-1)?.text).toMatch(/not on the approver list/);
    expect(await harness.auditOf(plan.executionId)).toContainEqual(
      expect.objectContaining({ action: 'approval.refused', reason: 'NOT_ALLOWED' }),
    );
    const [record] = await harness.approvals.listForExecution(plan.executionId);
    expect(record).toMatchObject({ status: 'approved', decidedBy: { email: 'jane@example.com' } });
    const results = harness.stack.codepipeline
      .approvalResults()
      .filter((r) => r.executionId === plan.executionId);
    expect(results.map((r) => r.summary)).toEqual(['Approved by Jane Doe <jane@example.com> via Slack']);
    expect(harness.stack.slack.calls('usergroups.users.list')).not.toHaveLength(0);
  });
});
