import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { approvalPlan } from './approval-plans';

// Jane wrote the commit, and the shipped policy prevents self-approval. Her email link must say what the
// record holds: opening it (GET, which mail scanners do too) writes nothing; submitting it is audited.
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const approveLinkOf = async (to: string, executionId: string): Promise<string> => {
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

const refusalsOf = async (executionId: string) =>
  ((await harness.auditOf(executionId)) as { action: string; reason?: string }[]).filter(
    (entry) => entry.action === 'approval.refused',
  );

describe("the commit author's approval link", () => {
  it('says nothing was recorded on GET, and is on record after the POST', async () => {
    // Prepare
    const plan = approvalPlan({ name: 'Jane Doe', email: 'jane@example.com' });
    void harness.play(plan);
    const link = await approveLinkOf('jane@example.com', plan.executionId);

    // Act
    const get = await fetch(link);
    const getPage = await get.text();
    const refusalsAfterGet = await refusalsOf(plan.executionId);
    const post = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        t: new URL(link).searchParams.get('t') ?? '',
        decision: 'approve',
      }).toString(),
    });
    const postPage = await post.text();

    // Assess
    expect(get.status).toBe(403);
    expect(getPage).toContain('You cannot approve your own change');
    expect(getPage).toContain('Opening this link decided nothing and recorded nothing.');
    expect(getPage).not.toContain('on record');
    expect(refusalsAfterGet).toEqual([]);
    expect(post.status).toBe(403);
    expect(postPage).toContain('The attempt is on record.');
    expect((await refusalsOf(plan.executionId)).map((entry) => entry.reason)).toEqual(['SELF_APPROVAL']);
  });
});
