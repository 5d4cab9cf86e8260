import { newApprovalLinks } from '../../../shared/approvals/approval-link';
import { parseLinkKeys } from '../../../shared/approvals/link-keys';
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

const approvals = () => harness.approvals;

/** The approve / reject / choose links of the approval email `to` received for this execution. */
const linksFor = async (
  to: string,
  executionId: string,
): Promise<Record<'approve' | 'reject' | 'choose', string>> => {
  const record = await waitFor(async () => (await approvals().listForExecution(executionId))[0]);
  const email = await waitFor(() =>
    harness.stack.sns
      .emails(to)
      .find(
        (mail) =>
          mail.attributes.recipient?.StringValue === to &&
          mail.body.includes(record.pipeline) &&
          mail.subject?.includes(executionId.slice(0, 6)),
      ),
  );
  const urls = email.body.match(/https?:\/\/\S+\/approvals\/link\?t=\S+/g) ?? [];
  const [approve, reject, choose] = urls;
  if (!approve || !reject || !choose) throw new Error(`links missing in: ${email.body}`);
  return { approve, reject, choose };
};
const postForm = (url: string, form: Record<string, string>) => {
  const token = new URL(url).searchParams.get('t') ?? '';
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token, ...form }).toString(),
  });
};
const statusOf = async (executionId: string) => (await approvals().listForExecution(executionId))[0]?.status;

describe('approving from a signed email link', () => {
  it('shows a confirm page on GET and HEAD without deciding, then decides once on POST', async () => {
    // Prepare
    const plan = approvalPlan();
    const played = harness.play(plan);
    const links = await linksFor('sam@example.com', plan.executionId);

    // Act
    const get = await fetch(links.approve);
    const head = await fetch(links.approve, { method: 'HEAD' });
    const statusAfterViews = await statusOf(plan.executionId);
    const post = await postForm(links.approve, { decision: 'approve' });
    await played;

    // Assess
    expect(get.status).toBe(200);
    expect(get.headers.get('cache-control')).toContain('no-store');
    expect(get.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await get.text();
    expect(page).toContain('<form method="post"');
    expect(page).toContain('Check the canary first');
    expect(head.status).toBe(200);
    expect(statusAfterViews).toBe('pending');
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('Approved');
    const results = harness.stack.codepipeline
      .approvalResults()
      .filter((r) => r.executionId === plan.executionId);
    expect(results.map((r) => r.summary)).toEqual(['Approved by sam@example.com via email link']);
  });

  it('refuses a replayed link, an altered link and another link after the decision, with 4xx pages', async () => {
    // Prepare
    const plan = approvalPlan();
    const played = harness.play(plan);
    const links = await linksFor('jane@example.com', plan.executionId);
    await postForm(links.approve, { decision: 'approve' });
    await played;
    const token = new URL(links.reject).searchParams.get('t') ?? '';
    const altered = links.reject.replace(token, `${token.slice(0, 10)}x${token.slice(11)}`);

    // Act
    const replay = await postForm(links.approve, { decision: 'approve' });
    const tampered = await fetch(altered);
    const afterDecision = await postForm(links.reject, { decision: 'reject', comment: 'too late' });

    // Assess
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('already used');
    expect(tampered.status).toBe(401);
    expect(afterDecision.status).toBe(409);
    expect(await afterDecision.text()).toContain('Already approved');
    const reasons = (await harness.auditOf(plan.executionId)).map((entry) => entry.reason);
    expect(reasons).toEqual(expect.arrayContaining(['LINK_USED', 'ALREADY_DECIDED']));
    // The altered link is counted, not an audit entry: anyone can send these (security review, finding 2).
    expect((await harness.auditOf(undefined)).map((entry) => entry.reason)).not.toContain('BAD_SIGNATURE');
    expect(await countedFor(harness.stack, 'approval-link')).toBeGreaterThan(0);
    // A mail scanner re-opening a used link sees the page again without adding to the audit trail.
    const entries = (await harness.auditOf(plan.executionId)).length;
    expect((await fetch(links.approve)).status).toBe(409);
    expect(await harness.auditOf(plan.executionId)).toHaveLength(entries);
  });

  it('asks again for a reject comment instead of deciding without one', async () => {
    // Prepare
    const plan = approvalPlan();
    void harness.play(plan);
    const links = await linksFor('sam@example.com', plan.executionId);

    // Act
    const withoutComment = await postForm(links.reject, { decision: 'reject' });
    const withComment = await postForm(links.reject, {
      decision: 'reject',
      comment: 'Not during the freeze',
    });

    // Assess
    expect(withoutComment.status).toBe(422);
    expect(withComment.status).toBe(200);
    expect(await statusOf(plan.executionId)).toBe('rejected');
  });

  it('says clearly when a link has expired (410) and audits the attempt', async () => {
    // Prepare
    const plan = approvalPlan();
    void harness.play(plan);
    const record = await waitFor(async () => (await approvals().listForExecution(plan.executionId))[0]);
    const links = newApprovalLinks({
      approval: record,
      recipient: 'sam@example.com',
      expiresAt: new Date(Date.now() - 60_000),
      publicUrl: harness.stack.api.url,
      keys: parseLinkKeys(harness.stack.env.PIPEGATE_LINK_KEYS),
    });

    // Act
    const viewed = await fetch(links.approve);
    const response = await postForm(links.approve, { decision: 'approve' });

    // Assess
    expect(viewed.status).toBe(410);
    expect(response.status).toBe(410);
    expect(await response.text()).toContain('expired');
    expect((await harness.auditOf(plan.executionId)).map((entry) => entry.reason)).toContain('LINK_EXPIRED');
    expect(await statusOf(plan.executionId)).toBe('pending');
  });
});
