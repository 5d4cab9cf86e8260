import { randomBytes } from 'node:crypto';
import type { ApprovalRecord } from '../../shared/approvals/approval-record';
import { approvalPlan } from '../integration/approvals/approval-plans';
import { type Harness, waitFor } from '../integration/support/local-harness';
import { countedFor, noiseCounters } from '../integration/support/noise-counters';
import {
  approveBody,
  auditItemCount,
  inBatches,
  slackPost,
  startAttackHarness,
} from './support/attack-stack';
import { createAttackTable, statusSummary } from './support/attack-table';
import { FIELD_CHANGES, tokenVariants, withField } from './support/link-tampering';

// Replays the security review's attacks over HTTP against the local stack (docs/security.md).
jest.setTimeout(60_000);

const table = createAttackTable();
let harness: Harness;
let url: string;
let secret: string;
/** Decided for real by Sam in Slack before the attacks: must stay on the first page of /audit/approvals. */
let decided: ApprovalRecord;
/** Pending throughout: every attack aims at it, and none may decide it. */
let target: ApprovalRecord;
let janesApprove: string;

const recordOf = (executionId: string) =>
  waitFor(async () => (await harness.approvals.listForExecution(executionId))[0]);
const resultsFor = (executionId: string) =>
  harness.stack.codepipeline.approvalResults().filter((result) => result.executionId === executionId);
const linkUrl = (token: string) => `${url}/approvals/link?t=${encodeURIComponent(token)}`;
const postLink = (token: string, form: Record<string, string> = { decision: 'approve' }) =>
  fetch(`${url}/approvals/link`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token, ...form }).toString(),
  });

beforeAll(async () => {
  harness = await startAttackHarness();
  url = harness.stack.api.url;
  secret = harness.stack.env.SLACK_SIGNING_SECRET as string;
  const first = approvalPlan();
  const played = harness.play(first);
  await waitFor(() => harness.approvalMessage(first.executionId));
  const firstRecord = await recordOf(first.executionId);
  await slackPost(url, approveBody(first.executionId, firstRecord.approvalId, 'U0SAM0002'), secret);
  await played;
  decided = await recordOf(first.executionId);
  const second = approvalPlan();
  void harness.play(second);
  target = await recordOf(second.executionId);
  const mail = await waitFor(() =>
    harness.stack.sns
      .emails('jane@example.com')
      .find((m) => m.subject?.includes(second.executionId.slice(0, 6))),
  );
  janesApprove =
    new URL(mail.body.match(/https?:\/\/\S+\/approvals\/link\?t=\S+/)?.[0] ?? url).searchParams.get('t') ??
    '';
});

afterAll(async () => {
  table.write('Security suite: replayed attacks (test/security/attacks.test.ts)');
  await harness.stop();
});

afterEach(async () => {
  // The invariant of every attack: the target is still waiting and CodePipeline heard nothing.
  expect((await recordOf(target.executionId)).status).toBe('pending');
  expect(resultsFor(target.executionId)).toEqual([]);
});

describe('forged, stale and replayed Slack requests', () => {
  it.each([
    [
      'wrong signing secret',
      () => slackPost(url, approveBody(target.executionId, target.approvalId, 'U0JANE001'), 'x'.repeat(48)),
    ],
    [
      'stale timestamp (10 min), right secret',
      () =>
        slackPost(
          url,
          approveBody(target.executionId, target.approvalId, 'U0JANE001'),
          secret,
          Math.floor(Date.now() / 1000) - 600,
        ),
    ],
    [
      'no signature headers',
      () =>
        fetch(`${url}/slack/interactions`, {
          method: 'POST',
          body: approveBody(target.executionId, target.approvalId, 'U0JANE001'),
        }),
    ],
  ])('%s: 401, counted, not an audit entry', async (attack, send) => {
    // Prepare
    const counted = await countedFor(harness.stack, 'slack-interactions');
    const entries = await auditItemCount(harness.stack);

    // Act
    const response = await send();

    // Assess
    expect(response.status).toBe(401);
    expect(await countedFor(harness.stack, 'slack-interactions')).toBe(counted + 1);
    expect(await auditItemCount(harness.stack)).toBe(entries);
    table.add({
      attack: `Slack: ${attack}`,
      status: '401',
      stateChanged: false,
      recorded: 'counter (route/minute)',
    });
  });

  it.each([
    [
      'replayed signed click on a decided approval',
      () => approveBody(decided.executionId, decided.approvalId, 'U0SAM0002'),
      'ALREADY_DECIDED',
    ],
    [
      'signed click by a non-approver',
      () => approveBody(target.executionId, target.approvalId, 'U0ALEX003'),
      'NOT_ALLOWED',
    ],
    [
      'signed click by a user unknown to the workspace',
      () => approveBody(target.executionId, target.approvalId, 'U0GHOST99'),
      'NOT_ALLOWED',
    ],
  ])('%s: 200 to Slack, refused on the audit record', async (attack, body, reason) => {
    // Prepare
    const executionId = reason === 'ALREADY_DECIDED' ? decided.executionId : target.executionId;
    const before = (await harness.auditOf(executionId)).length;
    const results = resultsFor(decided.executionId).length;

    // Act
    const response = await slackPost(url, body(), secret);

    // Assess
    expect(response.status).toBe(200);
    const added = (await harness.auditOf(executionId)).slice(before);
    expect(added.map((entry) => entry.reason)).toContain(reason);
    expect(resultsFor(decided.executionId)).toHaveLength(results);
    table.add({
      attack: `Slack: ${attack}`,
      status: '200',
      stateChanged: false,
      recorded: `audit entry (${reason})`,
    });
  });
});

describe('signed approval links', () => {
  it.each(FIELD_CHANGES.map(([field, change]) => [field, change] as const))(
    'field %s altered with the MAC kept: 401 on GET and POST, counted',
    async (field, change) => {
      // Prepare
      const payload = JSON.parse(Buffer.from(janesApprove.split('.')[0] ?? '', 'base64url').toString('utf8'));
      const forged = withField(janesApprove, field, change(payload[field]));
      const counted = await countedFor(harness.stack, 'approval-link');

      // Act
      const statuses = [(await fetch(linkUrl(forged))).status, (await postLink(forged)).status];

      // Assess
      expect(statuses).toEqual([401, 401]);
      expect(await countedFor(harness.stack, 'approval-link')).toBe(counted + 2);
      table.add({
        attack: `link: field ${field} altered`,
        status: '401, 401',
        stateChanged: false,
        recorded: 'counter',
      });
    },
  );

  it('refuses an unknown kid, an altered or missing MAC and a cut token with 401', async () => {
    // Act
    const responses = await Promise.all(
      tokenVariants(janesApprove).map(
        async ([name, token]) => [name, (await postLink(token)).status] as const,
      ),
    );

    // Assess
    for (const [name, status] of responses) {
      expect([name, status]).toEqual([name, 401]);
      table.add({
        attack: `link: ${name}`,
        status: String(status),
        stateChanged: false,
        recorded: 'counter',
      });
    }
  });

  it('GET, HEAD and OPTIONS of a genuine link change nothing and spend nothing', async () => {
    // Act
    const statuses = await Promise.all(
      ['GET', 'HEAD', 'OPTIONS'].map(
        async (method) => (await fetch(linkUrl(janesApprove), { method })).status,
      ),
    );

    // Assess
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses[2]).toBe(404);
    table.add({
      attack: 'link: GET / HEAD / OPTIONS of a genuine link',
      status: statuses.join(', '),
      stateChanged: false,
      recorded: 'nothing (viewing is not acting)',
    });
  });

  it('an approve link with its form changed to reject is refused and audited, and the link still works', async () => {
    // Act
    const response = await postLink(janesApprove, { decision: 'reject', comment: 'form altered' });

    // Assess
    expect(response.status).toBe(403);
    const reasons = (await harness.auditOf(target.executionId)).map((entry) => entry.reason);
    expect(reasons).toContain('NOT_ALLOWED');
    expect((await fetch(linkUrl(janesApprove))).status).toBe(200);
    table.add({
      attack: 'link: approve link posted as reject',
      status: '403',
      stateChanged: false,
      recorded: 'audit entry (NOT_ALLOWED)',
    });
  });
});

describe('a flood of 1 000 forged requests', () => {
  it('writes a bounded number of counter items and leaves real decisions on the first page', async () => {
    // Prepare
    const entries = await auditItemCount(harness.stack);
    const forgedLink = withField(janesApprove, 'r', 'mallory@example.com');
    const tasks = Array.from({ length: 1_000 }, (_, i) => async () => {
      if (i % 2 === 0) return (await slackPost(url, `payload=${i}`, randomBytes(16).toString('hex'))).status;
      return (await (i % 4 === 1 ? fetch(linkUrl(forgedLink)) : postLink(forgedLink))).status;
    });

    // Act
    const statuses = await inBatches(tasks, 16);
    const firstPage = (await (await fetch(`${url}/audit/approvals?since=1d&limit=50`)).json()) as {
      items: Array<{ action: string; executionId?: string }>;
    };

    // Assess
    expect(statuses.every((status) => status === 401)).toBe(true);
    const counters = await noiseCounters(harness.stack);
    // One item per route per minute: a run that straddles minute boundaries touches a few more.
    expect(counters.length).toBeLessThanOrEqual(2 * 4);
    expect(counters.reduce((sum, item) => sum + item.requests, 0)).toBeGreaterThanOrEqual(1_000);
    expect(await auditItemCount(harness.stack)).toBe(entries);
    const decisions = firstPage.items.filter((item) => item.action === 'approval.decided');
    expect(decisions.map((item) => item.executionId)).toContain(decided.executionId);
    table.add({
      attack: 'flood: 1 000 forged Slack posts and links',
      status: statusSummary(statuses),
      stateChanged: false,
      recorded: `${counters.length} counter items, 0 audit entries`,
    });
  });
});
