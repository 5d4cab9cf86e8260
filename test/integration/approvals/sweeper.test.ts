import type { Context } from 'aws-lambda';
import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { itemsUnder } from '../support/table-items';
import { approvalOnlyPlan } from './approval-plans';

// The first sweep imports the whole sweeper graph (and now also closes audit days); a shared CI machine needs room.

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const approvals = () => harness.approvals;

/** A waiting approval whose expiry is moved to `expiresAt` (as a short policy expiry would set it). */
const waitingApproval = async (expiresAt: Date): Promise<ApprovalRecord> => {
  const plan = approvalOnlyPlan();
  void harness.play(plan);
  await waitFor(() => harness.approvalMessage(plan.executionId));
  const record = await waitFor(async () => {
    const [found] = await approvals().listForExecution(plan.executionId);
    return found && found.slackMessages.length > 0 ? found : undefined;
  });
  const moved = await approvals().update({ ...record, expiresAt: expiresAt.toISOString() });
  if (moved === 'conflict') throw new Error('the approval changed while its expiry was being moved');
  return moved;
};
const sweep = async () => (await import('../../../functions/sweeper')).handler({}, {} as Context);
const auditActions = async (executionId: string) =>
  (
    await itemsUnder(
      harness.stack.dynamodb,
      harness.stack.env.PIPEGATE_TABLE as string,
      `EXEC#${executionId}`,
    )
  )
    .filter((item) => item.kind === 'audit')
    .map((item) => item.action);

describe('the approval sweeper', () => {
  it('closes an approval past its expiry, audits it and takes the buttons away', async () => {
    // Prepare
    const record = await waitingApproval(new Date(Date.now() - 60_000));

    // Act
    await sweep();

    // Assess
    expect((await approvals().get(record.executionId, record.approvalId))?.status).toBe('expired');
    expect(await auditActions(record.executionId)).toContain('approval.expired');
    const message = harness.stack.slack.messages().find((m) => m.ts === record.slackMessages[0]?.ts);
    expect(JSON.stringify(message?.blocks)).not.toContain('pipegate.approve');
  });

  it('reminds once before an approval expires, however often it runs', async () => {
    // Prepare
    const record = await waitingApproval(new Date(Date.now() + 2 * 3_600_000));

    // Act
    await sweep();
    await sweep();

    // Assess
    const reminders = harness.stack.slack
      .messages()
      .filter((m) => m.thread_ts === record.slackMessages[0]?.ts && String(m.text).startsWith('⏰'));
    expect(reminders).toHaveLength(1);
    expect((await auditActions(record.executionId)).filter((a) => a === 'approval.reminder')).toHaveLength(1);
    // By email too: each approver who was sent links and the policy's inform mailbox, once each.
    const emailed = harness.stack.sns
      .publishes()
      .filter(
        (p) =>
          p.subject?.startsWith('⏰ Approval still waiting') &&
          p.subject.includes(record.executionId.slice(0, 6)),
      )
      .map((p) => p.attributes.recipient?.StringValue)
      .sort();
    expect(emailed).toEqual(['jane@example.com', 'release-managers@example.com', 'sam@example.com']);
    // An approver's reminder carries fresh signed links (not the request email's), which open the confirm page.
    const linksTo = (prefix: string) =>
      harness.stack.sns
        .emails('jane@example.com')
        .filter(
          (mail) => mail.subject?.startsWith(prefix) && mail.subject.includes(record.executionId.slice(0, 6)),
        )
        .flatMap((mail) => mail.body.match(/https?:\/\/\S+\/approvals\/link\?t=\S+/g) ?? []);
    const [fresh] = linksTo('⏰ Approval still waiting');
    const requested = linksTo('⏳ Approval needed');
    expect(fresh).toBeDefined();
    expect(requested).not.toContain(fresh);
    const page = await fetch(fresh ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(record.pipeline);
  });
});
