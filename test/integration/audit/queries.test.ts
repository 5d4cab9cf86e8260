import { createDynamoAuditReader } from '../../../shared/adapters/dynamodb/audit-reader';
import type { AuditEntry } from '../../../shared/audit/audit-entry';
import { createCursorCodec } from '../../../shared/audit/cursor';
import { PipegateError } from '../../../shared/errors';
import {
  type AuditQueryDeps,
  getExecutionTimeline,
  type ListResult,
  listAuditEntries,
  listDecisions,
  listExecutions,
  listFailures,
  listPending,
} from '../../../shared/reports/queries';
import { createTestTable, dynamoClient } from '../support/test-table';
import { JULY_NOW, seedJulyDataset } from './support/july-dataset';
import { createSeeder } from './support/seed-audit-data';

const client = dynamoClient();
let deps: AuditQueryDeps;
let entries: Record<string, AuditEntry>;

beforeAll(async () => {
  const tableName = await createTestTable(client);
  entries = await seedJulyDataset(createSeeder(client, tableName));
  deps = {
    reader: createDynamoAuditReader({ client, tableName }),
    cursors: createCursorCodec('test-cursor-key'),
    now: () => JULY_NOW,
  };
});

/** Follows nextCursor until the last page; returns every page's items. */
const allPages = async <T>(fetch: (cursor?: string) => Promise<ListResult<T>>): Promise<T[][]> => {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
};

const ids = <T extends { id: string }>(items: T[]): string[] => items.map((item) => item.id);

describe('executions by pipeline', () => {
  it('pages through a window newest first, two at a time, without an empty last page', async () => {
    // Prepare
    const params = { pipeline: 'prod-api', from: '2026-07-12', to: '2026-07-18', limit: 2 };

    // Act
    const pages = await allPages((cursor) => listExecutions({ ...params, cursor }, deps));

    // Assess
    expect(pages.map((page) => page.map((item) => item.executionId))).toEqual([
      ['api-18', 'api-17'],
      ['api-16', 'api-15'],
      ['api-14', 'api-13'],
      ['api-12'],
    ]);
  });

  it('includes executions that started exactly at the window bounds', async () => {
    // Act
    const page = await listExecutions(
      { pipeline: 'prod-api', from: '2026-07-12T08:00:00Z', to: '2026-07-13T08:00:00Z', limit: 50 },
      deps,
    );

    // Assess
    expect(page.items.map((item) => item.executionId)).toEqual(['api-13', 'api-12']);
  });

  it('does not expose the summary dedupe set', async () => {
    // Act
    const page = await listExecutions(
      { pipeline: 'prod-api', from: '2026-07-15', to: '2026-07-15', limit: 5 },
      deps,
    );

    // Assess
    expect(page.items[0]).not.toHaveProperty('seen');
    expect(page.items[0]).not.toHaveProperty('version');
  });
});

describe('one execution', () => {
  it('assembles stages with durations, history failures, approvals, refused attempts and sorted events', async () => {
    // Act
    const timeline = await getExecutionTimeline('api-15', deps);

    // Assess
    expect(timeline.stages.map((stage) => [stage.name, stage.durationMs])).toEqual([
      ['Source', 60_000],
      ['Build', 300_000],
      ['Approval', 840_000],
      ['Deploy', 600_000],
    ]);
    expect(timeline.failures).toEqual([
      expect.objectContaining({
        stage: 'Build',
        action: 'CodeBuild',
        errorCode: 'JobFailed',
        summary: 'flaky test',
      }),
    ]);
    expect(timeline.approvals.map((approval) => [approval.approvalId, approval.decidedBy?.id])).toEqual([
      ['ap-15', 'jane@example.com'],
    ]);
    expect(ids(timeline.audit)).toEqual(
      ids([entries.requested, entries.bobRefused, entries.janeApproved15] as AuditEntry[]),
    );
    expect(
      timeline.events.map((event) => `${event.time.slice(11, 16)} ${event.level} ${event.state}`),
    ).toEqual([
      '08:00 pipeline STARTED',
      '08:00 stage STARTED',
      '08:03 action FAILED',
      '08:06 stage SUCCEEDED',
      '08:30 pipeline SUCCEEDED',
    ]);
  });

  it('is NOT_FOUND when nothing is recorded under the id', async () => {
    // Act
    const result = getExecutionTimeline('no-such-execution', deps);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('decisions', () => {
  it("lists one approver's decisions and refusals newest first, whatever the stored email's case", async () => {
    // Act
    const pages = await allPages((cursor) =>
      listDecisions(
        { approver: 'jane@example.com', from: '2026-07-10', to: '2026-07-19', limit: 2, cursor },
        deps,
      ),
    );

    // Assess
    expect(pages.map(ids)).toEqual([
      ids([entries.janeApproved18, entries.janeExpired] as AuditEntry[]),
      ids([entries.janeApproved15] as AuditEntry[]),
    ]);
  });

  it('finds a Slack approver by slack:<user id>', async () => {
    // Act
    const page = await listDecisions({ approver: 'slack:U024BE7LH', since: '30d', limit: 50 }, deps);

    // Assess
    expect(ids(page.items)).toEqual(ids([entries.slackRejected] as AuditEntry[]));
  });

  it('lists every decision and refused attempt across approvers, leaving out requests and reminders', async () => {
    // Act
    const pages = await allPages((cursor) =>
      listDecisions({ from: '2026-07-10', to: '2026-07-19', limit: 4, cursor }, deps),
    );

    // Assess
    expect(pages.flat().map((entry) => entry.id)).toEqual(
      ids([
        entries.janeApproved18,
        entries.slackRejected,
        entries.janeExpired,
        entries.janeApproved15,
        entries.bobRefused,
        entries.forged,
      ] as AuditEntry[]),
    );
  });
});

describe('failures', () => {
  it('merges the per-day buckets newest first across pages', async () => {
    // Act
    const pages = await allPages((cursor) =>
      listFailures({ from: '2026-07-10', to: '2026-07-19', limit: 2, cursor }, deps),
    );

    // Assess
    expect(pages.map((page) => page.map((item) => item.executionId))).toEqual([
      ['web-16', 'api-16'],
      ['api-13'],
    ]);
    expect(pages[0]?.[0]?.failure).toMatchObject({
      stage: 'Deploy',
      action: 'Deploy',
      errorCode: 'DeploymentFailed',
    });
  });

  it('refuses a window of more than 400 days', async () => {
    // Act
    const result = listFailures({ from: '2025-01-01', to: '2026-07-01', limit: 50 }, deps);

    // Assess
    await expect(result).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('400'),
    });
  });
});

describe('pending approvals', () => {
  it('lists only pending approvals, soonest expiry first, across pages', async () => {
    // Act
    const pages = await allPages((cursor) => listPending({ limit: 2, cursor }, deps));

    // Assess
    expect(pages.map((page) => page.map((item) => item.approvalId))).toEqual([['p-21', 'p-22'], ['p-25']]);
  });
});

describe('audit entries by time', () => {
  it('lists every entry of the window oldest first, one per page', async () => {
    // Act
    const pages = await allPages((cursor) =>
      listAuditEntries({ from: '2026-07-14', to: '2026-07-18', limit: 1, cursor }, deps),
    );

    // Assess
    expect(pages.flat().map((entry) => entry.id)).toEqual(
      ids([
        entries.forged,
        entries.requested,
        entries.bobRefused,
        entries.janeApproved15,
        entries.janeExpired,
        entries.slackRejected,
        entries.reminder,
        entries.janeApproved18,
      ] as AuditEntry[]),
    );
    expect(pages.every((page) => page.length === 1)).toBe(true);
  });

  it('keeps the window of the first page when a relative window is continued later', async () => {
    // Prepare
    const first = await listAuditEntries({ since: '7d', limit: 3 }, deps);
    const later = { ...deps, now: () => new Date(JULY_NOW.getTime() + 10 * 86_400_000) };

    // Act
    const rest = await allPages((cursor) =>
      listAuditEntries({ since: '7d', limit: 3, cursor: cursor ?? first.nextCursor }, later),
    );

    // Assess
    expect([...first.items, ...rest.flat()].map((entry) => entry.at.slice(0, 10))).toEqual([
      '2026-07-14',
      '2026-07-15',
      '2026-07-15',
      '2026-07-15',
      '2026-07-16',
      '2026-07-17',
      '2026-07-18',
      '2026-07-18',
    ]);
  });
});

describe('cursors', () => {
  const firstCursor = async (): Promise<string> => {
    const page = await listExecutions(
      { pipeline: 'prod-api', from: '2026-07-10', to: '2026-07-19', limit: 2 },
      deps,
    );
    if (!page.nextCursor) throw new Error('expected a second page');
    return page.nextCursor;
  };

  it('refuses a modified cursor', async () => {
    // Prepare
    const cursor = await firstCursor();
    const [payload, signature] = cursor.split('.');
    const json = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const forged = `${Buffer.from(JSON.stringify({ ...json, p: 'PIPELINE#prod-web' })).toString('base64url')}.${signature}`;

    // Act
    const result = listExecutions(
      { pipeline: 'prod-api', from: '2026-07-10', to: '2026-07-19', limit: 2, cursor: forged },
      deps,
    );

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('refuses a cursor from another query', async () => {
    // Prepare
    const cursor = await firstCursor();

    // Act
    const result = listFailures({ from: '2026-07-10', to: '2026-07-19', limit: 2, cursor }, deps);

    // Assess
    await expect(result).rejects.toBeInstanceOf(PipegateError);
    await expect(result).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('refuses a cursor with other parameters', async () => {
    // Prepare
    const cursor = await firstCursor();

    // Act
    const result = listExecutions(
      { pipeline: 'prod-web', from: '2026-07-10', to: '2026-07-19', limit: 2, cursor },
      deps,
    );

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('refuses a cursor signed with another key', async () => {
    // Prepare
    const cursor = await firstCursor();
    const otherKey = { ...deps, cursors: createCursorCodec('another-key') };

    // Act
    const result = listExecutions(
      { pipeline: 'prod-api', from: '2026-07-10', to: '2026-07-19', limit: 2, cursor },
      otherKey,
    );

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
