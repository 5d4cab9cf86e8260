import { clickSlackButton, submitRejectDialog } from '../../../local/slack-click';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { frozenApprovalPlan } from './approval-plans';

/**
 * pipegate.config.yaml's "local demo freeze" holds `frozen-*` pipelines now (until 2099); Jane may break it,
 * Sam is an approver who may not.
 */
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const approvals = () => harness.approvals;
const signingSecret = () => harness.stack.env.SLACK_SIGNING_SECRET as string;

const click = async (executionId: string, userId: string) => {
  const message = await waitFor(() => harness.approvalMessage(executionId));
  const record = await waitFor(async () => (await approvals().listForExecution(executionId))[0]);
  return clickSlackButton({
    apiUrl: harness.stack.api.url,
    signingSecret: signingSecret(),
    userId,
    actionId: 'pipegate.approve',
    value: JSON.stringify({ e: executionId, a: record.approvalId }),
    channel: message.channel,
    messageTs: message.ts,
  });
};

const linksFor = async (to: string, executionId: string): Promise<{ approve: string; reject: string }> => {
  const email = await waitFor(() =>
    harness.stack.sns
      .emails(to)
      .find(
        (mail) => mail.body.includes('frozen-checkout') && mail.subject?.includes(executionId.slice(0, 6)),
      ),
  );
  const [approve, reject] = email.body.match(/https?:\/\/\S+\/approvals\/link\?t=\S+/g) ?? [];
  if (!approve || !reject) throw new Error(`links missing in: ${email.body}`);
  return { approve, reject };
};

const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: new URL(url).searchParams.get('t') ?? '', ...form }).toString(),
  });

describe('a change freeze over HTTP', () => {
  it('says so on the Slack request and refuses an approver’s Approve, on the record', async () => {
    // Prepare
    const plan = frozenApprovalPlan();
    void harness.play(plan);
    const request = await waitFor(() => harness.approvalMessage(plan.executionId));

    // Act
    const response = await click(plan.executionId, 'U0SAM0002');

    // Assess
    expect(response.status).toBe(200);
    expect(JSON.stringify(request.blocks)).toContain(
      '❄️ Change freeze *local demo freeze* until Thu 31 Dec 2099 00:00 (Europe/Berlin)',
    );
    const told = await waitFor(() => harness.stack.slack.ephemerals().find((e) => e.user === 'U0SAM0002'));
    expect(told.text).toContain(
      'Change freeze "local demo freeze" until Thu 31 Dec 2099 00:00 (Europe/Berlin)',
    );
    expect(await harness.auditOf(plan.executionId)).toContainEqual(
      expect.objectContaining({ action: 'approval.refused', reason: 'FROZEN' }),
    );
    expect((await approvals().listForExecution(plan.executionId))[0]?.status).toBe('pending');
    expect(
      harness.stack.codepipeline.approvalResults().filter((r) => r.executionId === plan.executionId),
    ).toEqual([]);
  });

  it('lets Jane break the glass from Slack with a reason: approved once, audited, announced in the channel', async () => {
    // Prepare
    const plan = frozenApprovalPlan();
    const played = harness.play(plan);
    await click(plan.executionId, 'U0JANE001');
    const dialog = await waitFor(() =>
      harness.stack.slack
        .views()
        .find(
          (view) =>
            JSON.stringify(view).includes('pipegate.break-glass.submit') &&
            JSON.stringify(view).includes(plan.executionId),
        ),
    );

    // Act
    const response = await submitRejectDialog({
      apiUrl: harness.stack.api.url,
      signingSecret: signingSecret(),
      userId: 'U0JANE001',
      callbackId: 'pipegate.break-glass.submit',
      privateMetadata: String(
        (dialog.view as { private_metadata?: string } | undefined)?.private_metadata ??
          dialog.private_metadata,
      ),
      comment: 'Checkout outage INC-1234',
    });
    await played;

    // Assess
    expect(response.status).toBe(200);
    const results = harness.stack.codepipeline
      .approvalResults()
      .filter((r) => r.executionId === plan.executionId);
    expect(results).toHaveLength(1);
    expect(results[0]?.summary).toContain('Checkout outage INC-1234');
    const audit = await waitFor(async () => {
      const entries = await harness.auditOf(plan.executionId);
      return entries.some((entry) => entry.action === 'approval.break-glass') ? entries : undefined;
    });
    expect(audit.filter((entry) => entry.action === 'approval.break-glass')).toHaveLength(1);
    const announced = await waitFor(() =>
      harness.stack.slack
        .messages()
        .find(
          (message) =>
            String(message.text).startsWith('🚨 Break-glass') &&
            String(message.text).includes('frozen-checkout'),
        ),
    );
    expect(announced.thread_ts).toBeUndefined();
    expect(String(announced.text)).toContain('Checkout outage INC-1234');
  });

  it('shows the freeze on the link page, refuses an approve by link without spending it, and lets a reject through', async () => {
    // Prepare
    const plan = frozenApprovalPlan();
    const played = harness.play(plan);
    const links = await linksFor('sam@example.com', plan.executionId);

    // Act
    const page = await (await fetch(links.approve)).text();
    const approve = await postForm(links.approve, { decision: 'approve' });
    const approveText = await approve.text();
    const again = await fetch(links.approve);
    const rejectPage = await (await fetch(links.reject)).text();
    const reject = await postForm(links.reject, { decision: 'reject', comment: 'Not during the freeze' });
    await played;

    // Assess
    expect(page).toContain(
      'Change freeze &quot;local demo freeze&quot; until Thu 31 Dec 2099 00:00 (Europe/Berlin)',
    );
    expect(page).not.toContain('value="approve"');
    expect(approve.status).toBe(423);
    expect(approveText).toContain('local demo freeze');
    expect(again.status).toBe(200); // the refused approve did not spend the link
    expect(rejectPage).toContain('value="reject"');
    expect(reject.status).toBe(200);
    const [record] = await approvals().listForExecution(plan.executionId);
    expect(record).toMatchObject({ status: 'rejected', comment: 'Not during the freeze' });
    expect(await harness.auditOf(plan.executionId)).toContainEqual(
      expect.objectContaining({
        action: 'approval.refused',
        reason: 'FROZEN',
        actor: expect.objectContaining({ id: 'sam@example.com' }),
      }),
    );
  });
});
