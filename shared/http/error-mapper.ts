import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { PipegateError, type PipegateErrorCode } from '../errors';
import { createLog, describeError, type Log } from '../logging/log';
import { errorBody, type HttpResponse, jsonResponse } from './responses';

/** What a client is told about a failure: status, stable code, and a message safe to show. */
export interface HttpErrorView {
  statusCode: number;
  code: PipegateErrorCode;
  message: string;
}

/** Turns an error view into a response; the default is JSON `{ error: { code, message } }`. */
export type ErrorRenderer = (error: HttpErrorView, event: APIGatewayProxyEventV2) => HttpResponse;

export interface HttpErrorMapperOptions {
  log?: Log;
  /** Override the body, e.g. an HTML page for browser-facing routes (may look at the event to negotiate). */
  render?: ErrorRenderer;
}

const STATUS_BY_CODE: Partial<Record<PipegateErrorCode, number>> = {
  INVALID_REQUEST: 400,
  BAD_SIGNATURE: 401,
  NOT_ALLOWED: 403,
  SELF_APPROVAL: 403,
  ACCOUNT_NOT_CONFIGURED: 403,
  NOT_FOUND: 404,
  ALREADY_DECIDED: 409,
  ALREADY_VOTED: 409,
  LINK_USED: 409,
  CONFLICT: 409,
  LINK_EXPIRED: 410,
  APPROVAL_NOT_ACTIVE: 410,
  COMMENT_REQUIRED: 422,
  FROZEN: 423,
  REASON_REQUIRED: 422,
  RATE_LIMITED: 429,
  TRANSIENT: 503,
};

// For errors that are not PipegateErrors but carry a client status (middy's own HttpErrors).
const CODE_BY_STATUS: Record<number, PipegateErrorCode> = {
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
};

/**
 * The HTTP status of an error code; codes without a client meaning are 500.
 * @example statusForCode('LINK_EXPIRED') // 410
 */
export const statusForCode = (code: PipegateErrorCode): number => STATUS_BY_CODE[code] ?? 500;

const serverMessage = (statusCode: number): string =>
  statusCode === 503 ? 'temporarily unavailable, please retry' : 'internal error';

const clientStatusOf = (error: unknown): number | undefined => {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
};

/**
 * What the client may see of an error. Only 4xx messages are exposed; 5xx get a generic message so internals
 * (table names, SDK errors) never leak.
 * @example toHttpErrorView(new PipegateError('NOT_FOUND', 'no execution e-1')) // { statusCode: 404, … }
 */
export const toHttpErrorView = (error: unknown): HttpErrorView => {
  if (error instanceof PipegateError) {
    const statusCode = statusForCode(error.code);
    if (statusCode < 500) return { statusCode, code: error.code, message: error.message };
    // TRANSIENT tells a client that retrying helps; other server-side codes are nobody's business outside.
    const code = error.code === 'TRANSIENT' ? 'TRANSIENT' : 'INTERNAL';
    return { statusCode, code, message: serverMessage(statusCode) };
  }
  const clientStatus = clientStatusOf(error);
  if (clientStatus !== undefined && error instanceof Error) {
    return {
      statusCode: clientStatus,
      code: CODE_BY_STATUS[clientStatus] ?? 'INVALID_REQUEST',
      message: error.message,
    };
  }
  return { statusCode: 500, code: 'INTERNAL', message: serverMessage(500) };
};

const renderJson: ErrorRenderer = (error) =>
  jsonResponse(error.statusCode, errorBody(error.code, error.message));

const causeOf = (error: unknown): Record<string, unknown> =>
  error instanceof Error && error.cause !== undefined ? { cause: describeError(error.cause) } : {};

/** Seconds to wait before retrying: from a rate-limited error's details when known, else 1. */
const retryAfterOf = (error: unknown): Record<string, string> => {
  const seconds = error instanceof PipegateError ? error.details.retryAfterSeconds : undefined;
  return { 'retry-after': typeof seconds === 'number' && seconds > 0 ? String(Math.ceil(seconds)) : '1' };
};

/**
 * middy middleware: the one place where errors become HTTP responses. Handlers just throw; PipegateError codes
 * map to statuses (400 … 503, else 500), 5xx are logged with the route and request id (never the body or the
 * query string, which may carry link signatures), and every response has the same error shape.
 * @example
 * export const handler = middy(router).use(httpErrorMapper({ log }));
 * // an HTML route: httpErrorMapper({ log, render: (error) => textResponse(error.statusCode, page(error), 'text/html') })
 */
export const httpErrorMapper = (
  options: HttpErrorMapperOptions = {},
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> => {
  const log = options.log ?? createLog();
  const render = options.render ?? renderJson;
  return {
    name: 'httpErrorMapper',
    onError: (request) => {
      // Another middleware already answered (e.g. a handler-specific one); leave it alone.
      if (request.response !== undefined && request.response !== null) return;
      const view = toHttpErrorView(request.error);
      const http = request.event?.requestContext?.http;
      const context = {
        statusCode: view.statusCode,
        code: view.code,
        method: http?.method,
        path: http?.path,
        requestId: request.event?.requestContext?.requestId,
        ...describeError(request.error),
        ...causeOf(request.error),
      };
      if (view.statusCode >= 500) log.error('request failed', context);
      else log.debug('request refused', context);
      const response = render(view, request.event);
      const retryAfter =
        view.statusCode === 503 || view.statusCode === 429 ? retryAfterOf(request.error) : {};
      request.response = { ...response, headers: { ...retryAfter, ...response.headers } };
    },
  };
};
