import { clickSlackButton } from '../../../local/slack-click';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { approvalOnlyPlan, approvalPlan } from './approval-plans';

// The shipped pipegate.config.yaml: prod-db needs two of Jane, Sam and Alex (Slack) or Jane, Sam (email).
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const resultsOf = (executionId: string) =>
  harness.stack.codepipeline.approvalResults().filter((result) => result.executionId === executionId);

/** Starts a prod-db run and returns a function that clicks its Approve button as a given user. */
const waitingRun = async (plan = { ...approvalOnlyPlan(), pipeline: 'prod-db' }) => {
  const played = harness.play(plan);
  const message = await waitFor(() => harness.approvalMessage(plan.executionId));
  const record = await waitFor(async () => (await harness.approvals.listForExecution(plan.executionId))[0]);
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

/** The approve link of the approval email `to` received for this execution. */
const approveLinkFor = async (to: string, executionId: string): Promise<string> => {
  const email = await waitFor(() =>
    harness.stack.sns
      .emails(to)
      .find(
        (mail) =>
          mail.attributes.recipient?.StringValue === to && mail.subject?.includes(executionId.slice(0, 6)),
      ),
  );
  const [approve] = email.body.match(/https?:\/\/\S+\/approvals\/link\?t=\S+/g) ?? [];
  if (!approve) throw new Error(`no link in: ${email.body}`);
  return approve;
};
const postApprove = (url: string, comment?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      t: new URL(url).searchParams.get('t') ?? '',
      decision: 'approve',
      ...(comment ? { comment } : {}),
    }).toString(),
  });

describe('an approval that needs two approvers (required: 2)', () => {
  it('counts a Slack click, refuses the same person by email, and decides at a second person by email', async () => {
    // Prepare
    const run = await waitingRun({ ...approvalPlan(), pipeline: 'prod-db' });
    const janeLink = await approveLinkFor('jane@example.com', run.plan.executionId);
    const samLink = await approveLinkFor('sam@example.com', run.plan.executionId);

    // Act
    await run.click('U0JANE001');
    const afterFirst = await harness.approvals.get(run.plan.executionId, run.record.approvalId);
    const progressShown = await waitFor(() =>
      harness.stack.slack
        .messages()
        .find((m) => m.ts === run.message.ts && JSON.stringify(m.blocks).includes('1 of 2')),
    );
    const janeAgain = await postApprove(janeLink);
    const samPage = await postApprove(samLink, 'index is online');
    await run.played;

    // Assess
    expect(afterFirst).toMatchObject({ status: 'pending', votes: [{ by: { email: 'jane@example.com' } }] });
    expect(JSON.stringify(progressShown.blocks)).toContain('approved by Jane Doe · waiting for one more');
    expect(
      harness.stack.slack
        .ephemerals()
        .filter((e) => e.user === 'U0JANE001')
        .at(-1)?.text,
    ).toBe('Your approval counts: 1 of 2 — approved by Jane Doe · waiting for one more.');
    expect(janeAgain.status).toBe(409);
    expect(await janeAgain.text()).toContain('Your approval already counts');
    expect(samPage.status).toBe(200);
    expect(resultsOf(run.plan.executionId).map((result) => result.summary)).toEqual([
      'Approved by 2: Jane Doe <jane@example.com> via Slack; sam@example.com via email link ("index is online")',
    ]);
    const audit = await harness.auditOf(run.plan.executionId);
    // Sorted: the decision entry is stamped with the claim's time, which the reaching vote's entry follows.
    expect(
      audit
        .map((entry) => entry.action)
        .filter((action) => action !== 'approval.requested')
        .sort(),
    ).toEqual(['approval.decided', 'approval.refused', 'approval.vote', 'approval.vote']);
    expect(audit.find((entry) => entry.action === 'approval.refused')?.reason).toBe('ALREADY_VOTED');
    const decided = await waitFor(() =>
      harness.stack.slack
        .messages()
        .find((m) => m.ts === run.message.ts && JSON.stringify(m.blocks).includes('2 of 2')),
    );
    expect(JSON.stringify(decided.blocks)).toContain(
      'Jane Doe via Slack and sam@example.com via email (2 of 2)',
    );
  });

  it('calls PutApprovalResult exactly once when three approvers click at the same moment (50 trials)', async () => {
    // Prepare
    const trials = 50;
    const parallel = 5;
    const outcomes: Array<{ results: number; distinctVoters: number; summaryNames: number }> = [];

    // Act
    for (let batch = 0; batch < trials / parallel; batch += 1) {
      const runs = await Promise.all(Array.from({ length: parallel }, () => waitingRun()));
      await Promise.all(
        runs.flatMap((run) => [run.click('U0JANE001'), run.click('U0SAM0002'), run.click('U0ALEX003')]),
      );
      await Promise.all(runs.map((run) => run.played));
      for (const run of runs) {
        const record = await harness.approvals.get(run.plan.executionId, run.record.approvalId);
        const [result] = resultsOf(run.plan.executionId);
        outcomes.push({
          results: resultsOf(run.plan.executionId).length,
          distinctVoters: new Set(record?.votes?.map((vote) => vote.by.id)).size,
          summaryNames: (result?.summary.match(/@example\.com>/g) ?? []).length,
        });
      }
    }

    // Assess
    expect(outcomes).toEqual(
      Array.from({ length: trials }, () => ({ results: 1, distinctVoters: 2, summaryNames: 2 })),
    );
  }, 600_000);
});
