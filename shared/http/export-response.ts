import type { ExportParams } from '../audit/query-params';
import { PipegateError } from '../errors';
import { exportContentType, renderExportChunk } from '../reports/export';
import { type AuditQueryDeps, exportPage } from '../reports/queries';
import { type HttpResponse, textResponse } from './responses';

/**
 * Lambda responses (and so HTTP API responses) are at most 6 MB, counted on the JSON the function returns,
 * where the body is an escaped string; this leaves room for that escaping's overhead and for the headers.
 */
export const EXPORT_BODY_LIMIT_BYTES = 5_500_000;

const FIRST_PAGE_SIZE = 500;

/** Size of `text` once embedded as a JSON string in the Lambda response. */
const encodedSize = (text: string): number => Buffer.byteLength(JSON.stringify(text)) - 2;

const nextLink = (path: string, params: ExportParams, cursor: string): string => {
  const query = new URLSearchParams({ format: params.format });
  for (const name of ['from', 'to', 'since'] as const) {
    const value = params[name];
    if (value !== undefined) query.set(name, value);
  }
  query.set('cursor', cursor);
  return `<${path}?${query.toString()}>; rel="next"`;
};

/**
 * Renders an export window into one HTTP body, page after page, up to {@link EXPORT_BODY_LIMIT_BYTES}. When the
 * window does not fit, the body ends on a whole entry and the response says so: `x-pipegate-truncated: true`,
 * the cursor in `x-pipegate-next-cursor`, and a `Link: <…>; rel="next"` that continues where it stopped.
 * A page that would overflow is re-read in halves, so the body is filled close to the limit.
 * @example await exportResponse({ format: 'csv', from: '2026-07-01', to: '2026-09-30' }, deps, { path: '/audit/export' })
 */
export const exportResponse = async (
  params: ExportParams,
  deps: AuditQueryDeps,
  options: { path: string; limitBytes?: number },
): Promise<HttpResponse> => {
  const limitBytes = options.limitBytes ?? EXPORT_BODY_LIMIT_BYTES;
  const chunks: string[] = [];
  let size = 0;
  let count = 0;
  let pageSize = FIRST_PAGE_SIZE;
  let cursor = params.cursor;
  let continueAt: string | undefined;
  for (;;) {
    const page = await exportPage({ ...params, cursor }, pageSize, deps);
    const chunk = renderExportChunk(page.items, params.format, { header: chunks.length === 0 });
    if (size + encodedSize(chunk) > limitBytes) {
      if (pageSize > 1) {
        pageSize = Math.ceil(pageSize / 2);
        continue;
      }
      // Unreachable with DynamoDB's 400 KB items; an empty body would send the client round in circles.
      if (!cursor || chunks.length === 0)
        throw new PipegateError('INTERNAL', 'a single audit entry exceeds the export body limit');
      continueAt = cursor;
      break;
    }
    chunks.push(chunk);
    size += encodedSize(chunk);
    count += page.items.length;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const truncation: Record<string, string> = continueAt
    ? {
        'x-pipegate-truncated': 'true',
        'x-pipegate-next-cursor': continueAt,
        link: nextLink(options.path, params, continueAt),
      }
    : { 'x-pipegate-truncated': 'false' };
  return textResponse(200, chunks.join(''), exportContentType(params.format), {
    'content-disposition': `attachment; filename="pipegate-audit.${params.format}"`,
    'x-pipegate-entries': String(count),
    ...truncation,
  });
};
