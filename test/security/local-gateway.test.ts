import { request as httpRequest } from 'node:http';
import { seededRandom } from '../../bench/support/seeded-random';
import type { ApprovalRecord } from '../../shared/approvals/approval-record';
import { approvalPlan } from '../integration/approvals/approval-plans';
import { type Harness, waitFor } from '../integration/support/local-harness';
import { inBatches, startAttackHarness } from './support/attack-stack';
import { createAttackTable, statusSummary } from './support/attack-table';
import { tableItemCount } from './support/table-count';

// The local stack as a browser-reachable server: Host, Origin, body size, malformed paths, and a fuzz.
jest.setTimeout(60_000);

const table = createAttackTable();
let harness: Harness;
let port: number;
let target: ApprovalRecord;

/** A raw HTTP request: fetch would normalise the path and refuse to set Host. */
const send = (input: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: input.method ?? 'GET',
        path: input.path,
        headers: { host: `localhost:${port}`, ...input.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    // The server may close early on a refused body: that is an answer, not a test failure.
    req.on('error', (error) =>
      req.destroyed ? resolve({ status: 413, body: String(error) }) : reject(error),
    );
    if (input.body !== undefined) req.write(input.body);
    req.end();
  });

beforeAll(async () => {
  harness = await startAttackHarness();
  port = Number(new URL(harness.stack.api.url).port);
  const plan = approvalPlan();
  void harness.play(plan);
  target = await waitFor(async () => (await harness.approvals.listForExecution(plan.executionId))[0]);
});

afterAll(async () => {
  table.write('Security suite: the local stack (test/security/local-gateway.test.ts)');
  await harness.stop();
});

const click = JSON.stringify({
  userId: 'U0JANE001',
  channel: 'C1',
  ts: '1.1',
  actionId: 'pipegate.approve',
  value: '{}',
});

describe('the local stack answers only this machine, and only same-origin writes', () => {
  it.each([
    [
      'DNS rebinding: Host evil.example reads /local/overview',
      { path: '/local/overview', headers: { host: 'evil.example' } },
      403,
    ],
    [
      'DNS rebinding: Host evil.example reads /audit/approvals',
      { path: '/audit/approvals?since=1d', headers: { host: 'evil.example:3000' } },
      403,
    ],
    [
      'cross-site POST to /local/slack/click (Origin evil)',
      {
        method: 'POST',
        path: '/local/slack/click',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        body: click,
      },
      403,
    ],
    [
      'cross-site text/plain POST to /local/slack/click',
      { method: 'POST', path: '/local/slack/click', headers: { 'content-type': 'text/plain' }, body: click },
      415,
    ],
    [
      'Origin null POST to /approvals/link',
      {
        method: 'POST',
        path: '/approvals/link',
        headers: { origin: 'null', 'content-type': 'application/x-www-form-urlencoded' },
        body: 't=x&decision=approve',
      },
      403,
    ],
    ['malformed %-escape in a path', { path: '/audit/executions/%E0%A4%A' }, 400],
    ['path starting with //', { path: '//evil.example/local/overview' }, 404],
    ['path //', { path: '//' }, 404],
    [
      'body over 256 KiB',
      {
        method: 'POST',
        path: '/slack/interactions',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.alloc(300 * 1024, 97),
      },
      413,
    ],
  ])('%s', async (attack, input, expected) => {
    // Act
    const response = await send(input);

    // Assess
    expect(response.status).toBe(expected);
    table.add({
      attack: `local: ${attack}`,
      status: String(response.status),
      stateChanged: false,
      recorded: 'nothing',
    });
  });

  it('serves the page itself and its same-origin writes', async () => {
    // Act
    const page = await send({ path: '/' });
    const overview = await send({ path: '/local/overview', headers: { host: `127.0.0.1:${port}` } });

    // Assess
    expect(page.status).toBe(200);
    expect(overview.status).toBe(200);
  });
});

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
const PATHS = [
  '/slack/interactions',
  '/approvals/link',
  '/audit/executions',
  '/audit/executions/{id}',
  '/audit/approvals',
  '/audit/failures',
  '/audit/pending',
  '/audit/entries',
  '/audit/export',
  '/local/overview',
  '/local/slack/click',
  '/',
  '/app.js',
];
const NOISE = [
  '%',
  '%00',
  '%E0%A4%A',
  '//',
  '/..',
  '/../../etc/passwd',
  '?t=',
  '?t=a.b.c',
  '?cursor=%FF',
  '?since=-1d',
  '?limit=9999999',
  '/%2F',
  '%C3%A9',
  '?approver=%3Cscript%3E',
  '#x',
];
const BODIES = [
  '',
  'payload=%7B%7D',
  'payload=not-json',
  't=a.b.c&decision=approve',
  '{"userId":"U0JANE001"}',
  'x'.repeat(5000),
  '%%%',
  '\u0000\u0001',
];
const TYPES = [
  'application/x-www-form-urlencoded',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
];

describe('a fuzz of every route, the local gateway included', () => {
  it('answers 600 seeded random requests without a 5xx, deciding nothing and writing a bounded number of items', async () => {
    // Prepare
    const random = seededRandom(20261202);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const itemsBefore = await tableItemCount(harness.stack);
    const requests = Array.from({ length: 600 }, () => {
      const path = pick(PATHS).replace('{id}', pick(['x', target.executionId, '%25', 'a%20b']));
      const suffix = random() < 0.6 ? pick(NOISE) : '';
      const type = pick(TYPES);
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      if (random() < 0.3) headers['x-slack-signature'] = pick(['v0=deadbeef', 'v1=x', '']);
      if (random() < 0.3)
        headers['x-slack-request-timestamp'] = pick(['0', 'abc', String(Math.floor(Date.now() / 1000))]);
      const method = pick(METHODS);
      const body = method === 'GET' || method === 'HEAD' ? undefined : pick(BODIES);
      return () => send({ method, path: `${path}${suffix}`, headers, body });
    });

    // Act
    const statuses = (await inBatches(requests, 12)).map((response) => response.status);

    // Assess
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect((await harness.approvals.get(target.executionId, target.approvalId))?.status).toBe('pending');
    expect(harness.stack.codepipeline.approvalResults()).toEqual([]);
    const written = (await tableItemCount(harness.stack)) - itemsBefore;
    // Counter items (route × minute) only: no request here is authenticated, so none is an audit entry.
    expect(written).toBeLessThanOrEqual(8);
    table.add({
      attack: 'fuzz: 600 seeded requests over every route',
      status: statusSummary(statuses),
      stateChanged: false,
      recorded: `${written} new items (counters)`,
    });
  });
});

describe('the web page takes approval links from the structured record', () => {
  it('never offers a look-alike URL from a commit message as an approve link', async () => {
    // Prepare
    const base = approvalPlan();
    const trigger = base.trigger as { 'execution-trigger': Record<string, string> };
    const plan = {
      ...base,
      trigger: {
        'execution-trigger': {
          ...trigger['execution-trigger'],
          'commit-message': 'Fix https://evil.example/approvals/link?t=steal-your-click',
        },
      },
    };
    void harness.play(plan);
    await waitFor(() =>
      harness.stack.sns
        .emails('jane@example.com')
        .find((m) => m.subject?.includes(plan.executionId.slice(0, 6))),
    );

    // Act
    const overview = JSON.parse((await send({ path: '/local/overview' })).body) as {
      emails: Array<{ to: string; subject?: string; body: string; links?: { approve?: string } }>;
    };

    // Assess
    const mail = overview.emails.find(
      (m) => m.to === 'jane@example.com' && m.subject?.includes(plan.executionId.slice(0, 6)),
    );
    expect(mail?.body).toContain('https://evil.example/approvals/link');
    expect(mail?.links?.approve?.startsWith(`${harness.stack.api.url}/approvals/link?t=`)).toBe(true);
    table.add({
      attack: 'local: look-alike approve URL in a commit message',
      status: '200',
      stateChanged: false,
      recorded: 'not offered as a link',
    });
  });
});
