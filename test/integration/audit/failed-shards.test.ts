import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createDynamoAuditReader } from '../../../shared/adapters/dynamodb/audit-reader';
import { createCursorCodec } from '../../../shared/audit/cursor';
import { type AuditQueryDeps, type ListResult, listFailures } from '../../../shared/reports/queries';
import { createTestTable, dynamoClient } from '../support/test-table';
import { createSeeder } from './support/seed-audit-data';

const client = dynamoClient();
let deps: AuditQueryDeps;
let tableName: string;

/** Ten failures on 18 July (one every five minutes from 09:00) and three on the 17th: several shards each. */
const minute = (n: number) => String(n).padStart(2, '0');
const FAILURES = [
  ...Array.from({ length: 10 }, (_, n) => ({
    id: `bad-18-${n}`,
    at: `2026-07-18T09:${minute(n * 5)}:00.000Z`,
  })),
  ...Array.from({ length: 3 }, (_, n) => ({ id: `bad-17-${n}`, at: `2026-07-17T14:${minute(n)}:00.000Z` })),
];

beforeAll(async () => {
  tableName = await createTestTable(client);
  const seed = createSeeder(client, tableName);
  for (const { id, at } of FAILURES) {
    await seed.execution({
      executionId: id,
      pipeline: 'prod-api',
      startTime: '2026-07-17T08:00:00.000Z',
      state: 'FAILED',
      endTime: at,
      failure: { stage: 'Build', action: 'Build', errorCode: 'JobFailed', summary: 'exit 2' },
    });
  }
  deps = {
    reader: createDynamoAuditReader({ client, tableName }),
    cursors: createCursorCodec('test-cursor-key'),
    now: () => new Date('2026-07-19T12:00:00Z'),
  };
});

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

describe('failed executions sharded by execution within each day', () => {
  it('spreads one day over several index keys', async () => {
    // Act
    const keys = await Promise.all(
      FAILURES.filter(({ at }) => at.startsWith('2026-07-18')).map(async ({ id }) => {
        const { Item } = await client.send(
          new GetItemCommand({ TableName: tableName, Key: marshall({ pk: `EXEC#${id}`, sk: 'SUMMARY' }) }),
        );
        return String(unmarshall(Item ?? {}).gsi3pk);
      }),
    );

    // Assess
    expect(new Set(keys).size).toBeGreaterThan(1);
    for (const key of keys) expect(key).toMatch(/^FAILED#2026-07-18(#[1-3])?$/);
  });

  it('pages newest first across shards and days, each failure exactly once', async () => {
    // Prepare
    const expected = [...FAILURES].sort((a, b) => (a.at < b.at ? 1 : -1)).map(({ id }) => id);

    // Act
    const pages = await allPages((cursor) =>
      listFailures({ from: '2026-07-16', to: '2026-07-19', limit: 3, cursor }, deps),
    );

    // Assess
    expect(pages.flat().map((item) => item.executionId)).toEqual(expected);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 3, 1]);
  });

  it('keeps the window bounds within a day', async () => {
    // Act
    const page = await listFailures(
      { from: '2026-07-18T09:10:00Z', to: '2026-07-18T09:20:00Z', limit: 50 },
      deps,
    );

    // Assess
    expect(page.items.map((item) => item.executionId)).toEqual(['bad-18-4', 'bad-18-3', 'bad-18-2']);
    expect(page.nextCursor).toBeUndefined();
  });
});
