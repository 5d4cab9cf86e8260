import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { PipegateErrorCode } from '../errors';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> };

// Audit data and decisions must never sit in a shared cache.
const NO_STORE = { 'cache-control': 'no-store' };

/**
 * A JSON response; `undefined` fields are dropped by JSON.stringify.
 * @example jsonResponse(200, { items, nextCursor: null })
 */
export const jsonResponse = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE, ...headers },
  body: JSON.stringify(body),
});

/**
 * A text response of any content type (CSV, JSONL, HTML).
 * @example textResponse(200, 'a,b\r\n', 'text/csv; charset=utf-8')
 */
export const textResponse = (
  statusCode: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): HttpResponse => ({
  statusCode,
  headers: { 'content-type': contentType, ...NO_STORE, ...headers },
  body,
});

/** The one error body shape of every pipegate HTTP API. */
export interface ErrorBody {
  error: { code: PipegateErrorCode; message: string };
}

/**
 * @example errorBody('NOT_FOUND', 'no execution e-1 is recorded') // { error: { code: 'NOT_FOUND', … } }
 */
export const errorBody = (code: PipegateErrorCode, message: string): ErrorBody => ({
  error: { code, message },
});

/**
 * A page of a list as the audit API returns it: `nextCursor` is null on the last page.
 * @example pageBody({ items: [], nextCursor: undefined }) // { items: [], nextCursor: null }
 */
export const pageBody = <T>(page: { items: T[]; nextCursor?: string }) => ({
  items: page.items,
  nextCursor: page.nextCursor ?? null,
});
