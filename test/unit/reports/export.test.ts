import type { AuditEntry } from '../../../shared/audit/audit-entry';
import { renderExport, renderExportChunk } from '../../../shared/reports/export';
import { readCsv } from '../../integration/audit/support/read-csv';

const entry = (fields: Partial<AuditEntry> = {}): AuditEntry => ({
  id: '2026-07-01T10:00:00.000Z#abcdefgh',
  at: '2026-07-01T10:00:00.000Z',
  action: 'approval.decided',
  outcome: 'ok',
  actor: { id: 'jane@example.com', name: 'Doe, Jane' },
  decision: 'Approved',
  ...fields,
});

async function* pagesOf(...pages: AuditEntry[][]): AsyncGenerator<AuditEntry[]> {
  yield* pages;
}

const collect = async (chunks: AsyncIterable<string>): Promise<string> => {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
};

describe('CSV export', () => {
  it.each(['a, comma', 'say "hi"', 'two\nlines', 'lone\rreturn', 'crlf\r\nlines', '"quoted"'])(
    'quotes %j so it parses back unchanged',
    (comment) => {
      // Act
      const csv = renderExportChunk([entry({ comment })], 'csv', { header: true });

      // Assess
      const [, row] = readCsv(csv);
      expect(row?.[13]).toBe(comment);
      expect(row?.[5]).toBe('Doe, Jane');
    },
  );

  it('ends records with CRLF', () => {
    // Act
    const csv = renderExportChunk([entry()], 'csv', { header: true });

    // Assess
    expect(csv.split('\r\n')).toHaveLength(3);
  });

  it.each(['=HYPERLINK("http://evil")', '+1', '-1 from me', '@SUM(A1)'])(
    'defuses the spreadsheet formula %j',
    (comment) => {
      // Act
      const csv = renderExportChunk([entry({ comment })], 'csv', { header: false });

      // Assess
      expect(readCsv(csv)[0]?.[13]).toBe(`'${comment}`);
    },
  );

  it('writes the header once across pages', async () => {
    // Act
    const csv = await collect(renderExport(pagesOf([entry()], [entry(), entry()]), 'csv'));

    // Assess
    const rows = readCsv(csv);
    expect(rows).toHaveLength(4);
    expect(rows.filter((row) => row[0] === 'at')).toHaveLength(1);
  });

  it('writes just the header when there is nothing to export', async () => {
    // Act
    const csv = await collect(renderExport(pagesOf([]), 'csv'));

    // Assess
    expect(readCsv(csv)).toEqual([
      [
        'at',
        'action',
        'outcome',
        'reason',
        'actor_id',
        'actor_name',
        'channel',
        'pipeline',
        'execution_id',
        'stage',
        'action_name',
        'approval_id',
        'decision',
        'comment',
      ],
    ]);
  });
});

describe('JSONL export', () => {
  it('writes one entry per line, verbatim', async () => {
    // Prepare
    const entries = [entry({ comment: 'two\nlines' }), entry({ comment: '=not a formula here' })];

    // Act
    const jsonl = await collect(renderExport(pagesOf(entries), 'jsonl'));

    // Assess
    const lines = jsonl.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(0, 2).map((line) => JSON.parse(line))).toEqual(entries);
  });

  it('escapes Unicode line separators so no reader splits an entry', () => {
    // Act
    const jsonl = renderExportChunk([entry({ comment: 'a\u2028b\u2029c' })], 'jsonl', { header: false });

    // Assess
    expect(jsonl).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(jsonl).comment).toBe('a\u2028b\u2029c');
  });
});
