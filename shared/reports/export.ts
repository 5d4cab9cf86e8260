import { stringify } from 'csv-stringify/sync';
import type { AuditEntry } from '../audit/audit-entry';

export type ExportFormat = 'csv' | 'jsonl';

/** CSV columns, in order; JSONL carries every field of the entry instead. */
export const CSV_COLUMNS = [
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
] as const;

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string | undefined>;

const toCsvRow = (entry: AuditEntry): CsvRow => ({
  at: entry.at,
  action: entry.action,
  outcome: entry.outcome,
  reason: entry.reason,
  actor_id: entry.actor?.id,
  actor_name: entry.actor?.name,
  channel: entry.channel,
  pipeline: entry.pipeline,
  execution_id: entry.executionId,
  stage: entry.stage,
  action_name: entry.actionName,
  approval_id: entry.approvalId,
  decision: entry.decision,
  comment: entry.comment,
});

const csvText = (entries: AuditEntry[], header: boolean): string =>
  stringify(entries.map(toCsvRow), {
    header,
    columns: CSV_COLUMNS.map((key) => ({ key })),
    // RFC 4180: CRLF between records; fields with commas, quotes or line breaks are quoted, quotes doubled.
    record_delimiter: 'windows',
    // csv-stringify only quotes the record delimiter itself (CRLF); a lone LF or CR would split the record.
    quoted_match: /[\r\n]/,
    // Comments come from users and auditors open exports in spreadsheets: a leading = + - @ is prefixed with '
    // so it is never evaluated as a formula (OWASP "CSV injection"). JSONL stays verbatim.
    escape_formulas: true,
  });

/** U+2028/2029 are valid raw in JSON but split lines in some readers; escaping keeps one entry per line. */
const jsonLine = (entry: AuditEntry): string =>
  `${JSON.stringify(entry)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}\n`;

/**
 * Renders one page of entries; pass `header: true` for the first CSV chunk (ignored for JSONL).
 * @example renderExportChunk(entries, 'csv', { header: true }) // 'at,action,…\r\n2026-07-01T…\r\n'
 */
export const renderExportChunk = (
  entries: AuditEntry[],
  format: ExportFormat,
  options: { header: boolean },
): string => {
  if (format === 'jsonl') return entries.map(jsonLine).join('');
  if (!entries.length) return options.header ? csvText([], true) : '';
  return csvText(entries, options.header);
};

/**
 * Streams an export: one text chunk per page, the CSV header first (even when there are no entries).
 * @example await pipeline(Readable.from(renderExport(exportPages(params, deps), 'csv')), createWriteStream(path));
 */
export async function* renderExport(
  pages: AsyncIterable<AuditEntry[]>,
  format: ExportFormat,
): AsyncGenerator<string> {
  let header = format === 'csv';
  for await (const entries of pages) {
    const chunk = renderExportChunk(entries, format, { header });
    header = false;
    if (chunk) yield chunk;
  }
  if (header) yield renderExportChunk([], format, { header });
}

/** Content type of an export body. */
export const exportContentType = (format: ExportFormat): string =>
  format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
