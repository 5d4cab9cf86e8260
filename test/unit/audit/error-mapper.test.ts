import middy from '@middy/core';
import { createError } from '@middy/util';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { PipegateError, type PipegateErrorCode } from '../../../shared/errors';
import { httpErrorMapper } from '../../../shared/http/error-mapper';
import { textResponse } from '../../../shared/http/responses';
import type { Log } from '../../../shared/logging/log';
import { httpEvent, lambdaContext } from '../../integration/audit/support/http-event';

const recordingLog = () => {
  const lines: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, attributes: Record<string, unknown> = {}) =>
      lines.push({ level, message, attributes });
  const log: Log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
};

/** A handler that throws `error`, wrapped with the mapper. */
const failingWith = (error: unknown, options: Parameters<typeof httpErrorMapper>[0] = {}) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(httpErrorMapper({ log: recordingLog().log, ...options }))
    .handler(async () => {
      throw error;
    });

const invoke = async (handler: ReturnType<typeof failingWith>, event = httpEvent('GET', '/x')) =>
  (await handler(event, lambdaContext)) as APIGatewayProxyStructuredResultV2;

describe('httpErrorMapper', () => {
  it.each<[PipegateErrorCode, number]>([
    ['INVALID_REQUEST', 400],
    ['BAD_SIGNATURE', 401],
    ['NOT_ALLOWED', 403],
    ['SELF_APPROVAL', 403],
    ['NOT_FOUND', 404],
    ['ALREADY_DECIDED', 409],
    ['LINK_USED', 409],
    ['CONFLICT', 409],
    ['LINK_EXPIRED', 410],
    ['APPROVAL_NOT_ACTIVE', 410],
    ['COMMENT_REQUIRED', 422],
    ['RATE_LIMITED', 429],
  ])('answers %s with %i and its message', async (code, status) => {
    // Act
    const response = await invoke(failingWith(new PipegateError(code, `because ${code}`)));

    // Assess
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(String(response.body))).toEqual({ error: { code, message: `because ${code}` } });
    expect(response.headers?.['content-type']).toBe('application/json; charset=utf-8');
  });

  it('answers TRANSIENT with 503, a retry hint and a generic message', async () => {
    // Act
    const response = await invoke(
      failingWith(new PipegateError('TRANSIENT', 'DynamoDB Query failed on table pipegate-prod')),
    );

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(JSON.parse(String(response.body))).toEqual({
      error: { code: 'TRANSIENT', message: 'temporarily unavailable, please retry' },
    });
    expect(response.body).not.toContain('pipegate-prod');
  });

  it.each([
    ['an INTERNAL error', new PipegateError('INTERNAL', 'table pipegate-prod is broken')],
    ['an INVALID_CONFIG error', new PipegateError('INVALID_CONFIG', 'PIPEGATE_TABLE missing')],
    ['a plain Error', new Error('TypeError at pipegate-prod')],
    ['a thrown string', 'pipegate-prod'],
  ])('answers %s with 500 and a generic message', async (_case, error) => {
    // Act
    const response = await invoke(failingWith(error));

    // Assess
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(String(response.body))).toEqual({
      error: { code: 'INTERNAL', message: 'internal error' },
    });
  });

  it('keeps the status of a client HttpError from another middy middleware', async () => {
    // Act
    const response = await invoke(failingWith(createError(415, 'Unsupported Media Type')));

    // Assess
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(String(response.body)).error.code).toBe('INVALID_REQUEST');
  });

  it('logs a 5xx with its route and cause, never the body or query string', async () => {
    // Prepare
    const { log, lines } = recordingLog();
    const event = {
      ...httpEvent('POST', '/approvals/link', { t: 'secret-link-token' }),
      body: 'token=secret-body',
    };
    const error = new PipegateError('INTERNAL', 'boom', { cause: new Error('socket hang up') });

    // Act
    await invoke(failingWith(error, { log }), event);

    // Assess
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        attributes: expect.objectContaining({
          statusCode: 500,
          method: 'POST',
          path: '/approvals/link',
          requestId: 'req-1',
          cause: expect.objectContaining({ errorMessage: 'socket hang up' }),
        }),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/secret/);
  });

  it('does not log client mistakes as errors', async () => {
    // Prepare
    const { log, lines } = recordingLog();

    // Act
    await invoke(failingWith(new PipegateError('INVALID_REQUEST', 'bad limit'), { log }));

    // Assess
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('lets a handler render its own body, e.g. an HTML page', async () => {
    // Prepare
    const render = (view: { statusCode: number; message: string }) =>
      textResponse(view.statusCode, `<p>${view.message}</p>`, 'text/html; charset=utf-8');

    // Act
    const response = await invoke(failingWith(new PipegateError('LINK_EXPIRED', 'link expired'), { render }));

    // Assess
    expect(response.statusCode).toBe(410);
    expect(response.body).toBe('<p>link expired</p>');
    expect(response.headers?.['content-type']).toBe('text/html; charset=utf-8');
  });
});
