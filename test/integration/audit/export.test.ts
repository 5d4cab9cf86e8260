import { Readable } from 'node:stream';
import { createDynamoAuditReader } from '../../../shared/adapters/dynamodb/audit-reader';
import type { AuditEntry } from '../../../shared/audit/audit-entry';
import { createCursorCodec } from '../../../shared/audit/cursor';
import { exportResponse } from '../../../shared/http/export-response';
import { CSV_COLUMNS, renderExport } from '../../../shared/reports/export';
import { type AuditQueryDeps, exportPages } from '../../../shared/reports/queries';
import { createTestTable, dynamoClient } from '../support/test-table';
import { readCsv } from './support/read-csv';
import { createSeeder, inBatches } from './support/seed-audit-data';

// A safety net only: seeding took more than 60 s on the 2-core machine with two busy loops beside it.
jest.setTimeout(180_000);

const client = dynamoClient();
const ENTRIES = 5_000;
const WINDOW = { from: '2026-08-01', to: '2026-08-03' };
let deps: AuditQueryDeps;
let written: AuditEntry[];

const COMMENTS = [
  'plain',
  'with, a comma',
  'with "double" quotes',
  'line one\nline two\r\nline three',
  '"starts with a quote, ends with one"',
  'ünïcødé — ok ✅',
  '',
];

/** The export's order: by time, then by entry id (the by-day index's sort key). */
const exportOrder = (entries: AuditEntry[]): AuditEntry[] =>
  [...entries].sort((a, b) => `${a.at}#${a.id}`.localeCompare(`${b.at}#${b.id}`));

const collect = async (chunks: AsyncIterable<string>): Promise<string> => {
  let text = '';
  for await (const chunk of Readable.from(chunks)) text += String(chunk);
  return text;
};

beforeAll(async () => {
  const tableName = await createTestTable(client);
  const seed = createSeeder(client, tableName);
  const start = Date.parse('2026-08-01T00:00:00.000Z');
  written = [];
  // Spread over three days, several entries per second.
  const atOf = (i: number): string => new Date(start + Math.floor(i / 3) * 150_000 + (i % 3)).toISOString();
  // Appends of one day spread over its 8 hash-chain lanes (docs/audit.md): 8 writers per day rarely meet on
  // a lane's head, the days in parallel.
  const byDay = new Map<string, number[]>();
  for (let i = 0; i < ENTRIES; i += 1) {
    const day = atOf(i).slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), i]);
  }
  await inBatches([...byDay.values()], byDay.size, (indices) =>
    inBatches(indices, 8, async (i) => {
      const comment = COMMENTS[i % COMMENTS.length];
      written.push(
        await seed.entry({
          at: atOf(i),
          action: i % 5 === 0 ? 'approval.refused' : 'approval.decided',
          outcome: i % 5 === 0 ? 'refused' : 'ok',
          ...(i % 5 === 0 ? { reason: 'NOT_ALLOWED' } : { decision: 'Approved' as const }),
          actor: { id: `user${i % 7}@example.com`, name: `User, "${i % 7}"` },
          channel: i % 2 ? 'slack' : 'email',
          pipeline: 'prod-api',
          executionId: `exec-${i % 40}`,
          stage: 'Approval',
          actionName: 'ManualApproval',
          approvalId: `ap-${i % 40}`,
          ...(comment ? { comment } : {}),
        }),
      );
    }),
  );
  deps = {
    reader: createDynamoAuditReader({ client, tableName }),
    cursors: createCursorCodec('k'),
    now: () => new Date('2026-08-10T00:00:00Z'),
  };
});

describe('exporting the audit trail', () => {
  it('writes every entry as a CSV row that parses back to the same values', async () => {
    // Act
    const csv = await collect(renderExport(exportPages({ format: 'csv', ...WINDOW }, deps), 'csv'));

    // Assess
    const [header, ...rows] = readCsv(csv);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(ENTRIES);
    const expected = exportOrder(written).map((entry) => [
      entry.at,
      entry.action,
      entry.outcome,
      entry.reason ?? '',
      entry.actor?.id ?? '',
      entry.actor?.name ?? '',
      entry.channel ?? '',
      entry.pipeline ?? '',
      entry.executionId ?? '',
      entry.stage ?? '',
      entry.actionName ?? '',
      entry.approvalId ?? '',
      entry.decision ?? '',
      entry.comment ?? '',
    ]);
    expect(rows).toEqual(expected);
  });

  it('writes every entry as one JSON line, complete and in order', async () => {
    // Act
    const jsonl = await collect(renderExport(exportPages({ format: 'jsonl', ...WINDOW }, deps), 'jsonl'));

    // Assess
    const lines = jsonl.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(exportOrder(written));
  });

  it('splits an export that exceeds the HTTP body limit into linked, complete parts', async () => {
    // Prepare
    const params = { format: 'csv' as const, ...WINDOW };
    const rows: string[][] = [];
    let cursor: string | undefined;
    let parts = 0;

    // Act
    do {
      const response = await exportResponse({ ...params, cursor }, deps, {
        path: '/audit/export',
        limitBytes: 200_000,
      });
      const [, ...partRows] = readCsv(response.body ?? '');
      rows.push(...partRows);
      expect(Buffer.byteLength(JSON.stringify(response.body))).toBeLessThanOrEqual(200_000 + 2);
      cursor = response.headers['x-pipegate-next-cursor'];
      if (cursor) expect(response.headers.link).toContain(`cursor=${cursor}`);
      parts += 1;
    } while (cursor);

    // Assess
    expect(parts).toBeGreaterThan(3);
    expect(rows).toHaveLength(ENTRIES);
    expect(rows.map((row) => row[0])).toEqual(exportOrder(written).map((entry) => entry.at));
  });
});
