import { createHmac } from 'node:crypto';
import { verifyApprovalLink } from '../../../shared/approvals/approval-link';
import { type LinkKeys, parseLinkKeys } from '../../../shared/approvals/link-keys';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { approvalPlan } from './approval-plans';

// A generous ceiling: the first request compiles the handlers, and CI machines are shared.

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const linksFor = async (to: string, executionId: string) => {
  const email = await waitFor(() =>
    harness.stack.sns
      .emails(to)
      .find(
        (mail) =>
          mail.attributes.recipient?.StringValue === to && mail.subject?.includes(executionId.slice(0, 6)),
      ),
  );
  const [approve = '', reject = '', choose = ''] =
    email.body.match(/https?:\/\/\S+\/approvals\/link\?t=\S+/g) ?? [];
  return { approve, reject, choose };
};
const tokenOf = (url: string): string => new URL(url).searchParams.get('t') ?? '';
const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: tokenOf(url), ...form }).toString(),
  });
const record = async (executionId: string) =>
  waitFor(async () => (await harness.approvals.listForExecution(executionId))[0]);
const nonceUsed = async (url: string): Promise<boolean> => {
  const payload = verifyApprovalLink(
    tokenOf(url),
    parseLinkKeys(harness.stack.env.PIPEGATE_LINK_KEYS),
    new Date(),
  );
  return harness.approvals.isLinkNonceUsed(payload.a, payload.n);
};

/** Signs any payload with the stack's real key, skipping the signer's own checks (an old or buggy signer). */
const signRaw = (payload: Record<string, unknown>, keys: LinkKeys): string => {
  const part = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const key = keys.keys.get(keys.signingKid) ?? Buffer.alloc(0);
  const mac = createHmac('sha256', key)
    .update(`pipegate-link-v1.${part}.${keys.signingKid}`)
    .digest('base64url');
  return `${part}.${keys.signingKid}.${mac}`;
};

describe('signed approval links after the security review', () => {
  it('binds the signed decision: an approve link cannot reject, and the refusal leaves the link usable (finding 4)', async () => {
    // Prepare
    const plan = approvalPlan();
    const played = harness.play(plan);
    const links = await linksFor('sam@example.com', plan.executionId);

    // Act
    const page = await (await fetch(links.approve)).text();
    const tampered = await postForm(links.approve, { decision: 'reject', comment: 'form altered' });
    const statusAfter = (await record(plan.executionId)).status;
    const usedAfterRefusal = await nonceUsed(links.approve);
    const approved = await postForm(links.approve, { decision: 'approve' });
    await played;

    // Assess
    expect(page).not.toContain('value="reject"');
    expect(tampered.status).toBe(403);
    expect(statusAfter).toBe('pending');
    expect(usedAfterRefusal).toBe(false);
    expect(approved.status).toBe(200);
    expect((await record(plan.executionId)).decision).toBe('Approved');
    const refusals = (await harness.auditOf(plan.executionId)).filter((e) => e.action === 'approval.refused');
    expect(refusals.map((e) => e.reason)).toContain('NOT_ALLOWED');
  });

  it('does not spend a link when CodePipeline fails transiently: the same link decides on retry (finding 6)', async () => {
    // Prepare
    const plan = approvalPlan();
    const played = harness.play(plan);
    const links = await linksFor('jane@example.com', plan.executionId);
    await record(plan.executionId);
    harness.stack.codepipeline.injectFault(
      'GetPipelineState',
      { name: 'ServiceUnavailableException', status: 503 },
      3, // the SDK's three attempts of one GetPipelineState
    );

    // Act
    const failed = await postForm(links.approve, { decision: 'approve' });
    const usedAfterFailure = await nonceUsed(links.approve);
    const retried = await postForm(links.approve, { decision: 'approve' });
    await played;

    // Assess
    expect(failed.status).toBe(503);
    expect(usedAfterFailure).toBe(false);
    expect(retried.status).toBe(200);
    expect(await nonceUsed(links.approve)).toBe(true);
  });

  it('does not spend a link on a refused attempt (self-approval), yet a used link stays used (finding 6)', async () => {
    // Prepare
    const plan = approvalPlan({ name: 'Sam Lee', email: 'sam@example.com' });
    const played = harness.play(plan);
    const sams = await linksFor('sam@example.com', plan.executionId);
    const janes = await linksFor('jane@example.com', plan.executionId);

    // Act
    const self = await postForm(sams.approve, { decision: 'approve' });
    const samUsed = await nonceUsed(sams.approve);
    const jane = await postForm(janes.approve, { decision: 'approve' });
    await played;
    const replay = await postForm(janes.approve, { decision: 'approve' });

    // Assess
    expect(self.status).toBe(403);
    expect(samUsed).toBe(false);
    expect(jane.status).toBe(200);
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('already used');
  });

  it('refuses a validly signed link whose recipient is not a trimmed, lower-cased address (finding 8)', async () => {
    // Prepare
    const plan = approvalPlan();
    void harness.play(plan);
    const approval = await record(plan.executionId);
    const keys = parseLinkKeys(harness.stack.env.PIPEGATE_LINK_KEYS);
    const payload = {
      v: 1,
      a: approval.approvalId,
      e: approval.executionId,
      r: ' sam@example.com',
      d: 'approve',
      x: Math.floor(Date.now() / 1000) + 600,
      n: 'AAAAAAAAAAAAAAAAAAAAAA',
    };
    const url = `${harness.stack.api.url}/approvals/link?t=${encodeURIComponent(signRaw(payload, keys))}`;

    // Act
    const response = await postForm(url, { decision: 'approve' });

    // Assess
    expect(response.status).toBe(401);
    expect((await record(plan.executionId)).status).toBe('pending');
    const actors = (await harness.auditOf(plan.executionId)).map((entry) => entry.actor?.id);
    expect(actors).not.toContain(' sam@example.com');
  });
});
