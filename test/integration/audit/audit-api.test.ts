import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createTestTable, dynamoClient } from '../support/test-table';
import { httpEvent, lambdaContext } from './support/http-event';
import { seedJulyDataset } from './support/july-dataset';
import { createSeeder } from './support/seed-audit-data';

type Handler = typeof import('../../../functions/audit-api')['handler'];
let handler: Handler;

beforeAll(async () => {
  const client = dynamoClient();
  const tableName = await createTestTable(client);
  await seedJulyDataset(createSeeder(client, tableName));
  process.env.PIPEGATE_TABLE = tableName;
  // Imported after the environment names the table, exactly as Lambda would load it.
  ({ handler } = await import('../../../functions/audit-api'));
});

const call = async (method: string, path: string, query: Record<string, string> = {}) => {
  const result: APIGatewayProxyResultV2 = await handler(httpEvent(method, path, query), lambdaContext);
  const response = result as APIGatewayProxyStructuredResultV2;
  const isJson = String(response.headers?.['content-type']).startsWith('application/json');
  return { ...response, json: isJson ? JSON.parse(String(response.body)) : undefined };
};

describe('GET /audit/* happy paths', () => {
  it('lists executions as { items, nextCursor } and continues with the cursor', async () => {
    // Prepare
    const query = { pipeline: 'prod-api', from: '2026-07-17', to: '2026-07-19', limit: '2' };
    const first = await call('GET', '/audit/executions', query);

    // Act
    const second = await call('GET', '/audit/executions', { ...query, cursor: first.json.nextCursor });

    // Assess
    expect(first.statusCode).toBe(200);
    expect(first.json.items.map((item: { executionId: string }) => item.executionId)).toEqual([
      'api-19',
      'api-18',
    ]);
    expect(second.json).toEqual({
      items: [expect.objectContaining({ executionId: 'api-17' })],
      nextCursor: null,
    });
  });

  it("returns one execution's timeline", async () => {
    // Act
    const response = await call('GET', '/audit/executions/api-15');

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.json.execution).toMatchObject({ executionId: 'api-15', pipeline: 'prod-api' });
    expect(response.json.audit).toHaveLength(3);
  });

  it.each([
    ['/audit/approvals', { approver: 'jane@example.com', from: '2026-07-01', to: '2026-07-20' }, 4],
    ['/audit/failures', { from: '2026-07-01', to: '2026-07-20' }, 4],
    ['/audit/pending', {}, 3],
    ['/audit/entries', { from: '2026-07-14', to: '2026-07-18' }, 8],
  ])('answers %s', async (path, query, count) => {
    // Act
    const response = await call('GET', path, query);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.json.items).toHaveLength(count);
    expect(response.json.nextCursor).toBeNull();
  });

  it('exports CSV with a download name and a not-truncated marker', async () => {
    // Act
    const response = await call('GET', '/audit/export', {
      format: 'csv',
      from: '2026-07-14',
      to: '2026-07-18',
    });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="pipegate-audit.csv"',
      'x-pipegate-truncated': 'false',
      'x-pipegate-entries': '8',
    });
    expect(String(response.body).split('\r\n')[0]).toMatch(/^at,action,outcome,reason,/);
  });
});

describe('GET /audit/* client mistakes', () => {
  it.each([
    ['a missing pipeline', '/audit/executions', {}, "query parameter 'pipeline'"],
    ['a limit of 0', '/audit/executions', { pipeline: 'prod-api', limit: '0' }, "query parameter 'limit'"],
    ['a limit that is not a number', '/audit/pending', { limit: 'ten' }, "query parameter 'limit'"],
    ['an unreadable since', '/audit/failures', { since: 'xyz' }, 'invalid query parameter \'since\' "xyz"'],
    ['from after to', '/audit/entries', { from: '2026-07-10', to: '2026-07-01' }, 'is after to'],
    [
      'a window over 400 days',
      '/audit/failures',
      { from: '2024-01-01', to: '2026-01-01' },
      'at most 400 days',
    ],
    [
      'an approver that is no identity',
      '/audit/approvals',
      { approver: 'jane' },
      "query parameter 'approver'",
    ],
    ['an unknown parameter', '/audit/pending', { sinse: '7d' }, "unknown query parameter 'sinse'"],
    ['a made-up cursor', '/audit/pending', { cursor: 'abc.def' }, 'cursor is malformed or was modified'],
    ['an unknown export format', '/audit/export', { format: 'xml' }, 'must be csv or jsonl'],
    ['an execution id with odd characters', '/audit/executions/a%20b', {}, "path parameter 'executionId'"],
  ])('answers %s with 400 and the error body', async (_case, path, query, message) => {
    // Act
    const response = await call('GET', path, query);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.json).toEqual({
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining(message) },
    });
  });

  it('answers a cursor from another route with 400', async () => {
    // Prepare
    const pending = await call('GET', '/audit/pending', { limit: '1' });

    // Act
    const response = await call('GET', '/audit/failures', { cursor: pending.json.nextCursor });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('INVALID_REQUEST');
  });

  it('answers an unknown execution with 404', async () => {
    // Act
    const response = await call('GET', '/audit/executions/never-ran');

    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.json).toEqual({
      error: { code: 'NOT_FOUND', message: 'no execution never-ran is recorded' },
    });
  });

  it.each([
    ['GET', '/audit/nothing-here'],
    ['POST', '/audit/executions'],
  ])('answers %s %s with 404 and the error body', async (method, path) => {
    // Act
    const response = await call(method, path);

    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.json.error).toEqual({ code: 'NOT_FOUND', message: `no route ${method} ${path}` });
  });
});
