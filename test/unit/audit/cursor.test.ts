import { createCursorCodec, hashParams } from '../../../shared/audit/cursor';
import { auditCursorKey } from '../../../shared/wiring/audit-wiring';

const codec = createCursorCodec('unit-key');
const state = {
  query: 'executions',
  paramsHash: hashParams({ pipeline: 'prod-api', since: '7d' }),
  range: { from: '2026-07-13T12:00:00.000Z', to: '2026-07-20T12:00:00.000Z' },
  position: {
    partition: 'PIPELINE#prod-api',
    key: { pk: 'EXEC#e-1', sk: 'SUMMARY', gsi1pk: 'PIPELINE#prod-api', gsi1sk: 'x' },
  },
};

/** Re-encodes the payload with one change and the original signature. */
const withPayloadChange = (cursor: string, change: (payload: Record<string, unknown>) => void): string => {
  const [payload, signature] = cursor.split('.');
  const json = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  change(json);
  return `${Buffer.from(JSON.stringify(json)).toString('base64url')}.${signature}`;
};

describe('pagination cursors', () => {
  it('round-trip the window and position', () => {
    // Act
    const decoded = codec.decode(codec.encode(state), state.query, state.paramsHash);

    // Assess
    expect(decoded).toEqual(state);
  });

  it('are opaque URL-safe text', () => {
    // Act
    const cursor = codec.encode(state);

    // Assess
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['a modified position', (p: Record<string, unknown>) => Object.assign(p, { p: 'PIPELINE#other' })],
    [
      'a widened window',
      (p: Record<string, unknown>) =>
        Object.assign(p, { r: { f: '2020-01-01T00:00:00.000Z', t: '2026-07-20T12:00:00.000Z' } }),
    ],
  ])('refuse %s', (_case, change) => {
    // Prepare
    const forged = withPayloadChange(codec.encode(state), change);

    // Act
    const decode = () => codec.decode(forged, state.query, state.paramsHash);

    // Assess
    expect(decode).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST', message: 'cursor is malformed or was modified' }),
    );
  });

  it.each(['', 'abc', 'a.b.c', 'not base64!.x'])('refuse garbage %j', (cursor) => {
    // Act
    const decode = () => codec.decode(cursor, state.query, state.paramsHash);

    // Assess
    expect(decode).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });

  it('refuse a cursor of another query', () => {
    // Act
    const decode = () => codec.decode(codec.encode(state), 'failures', state.paramsHash);

    // Assess
    expect(decode).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST', message: expect.stringContaining('another query') }),
    );
  });

  it('refuse a cursor of other parameters', () => {
    // Act
    const decode = () =>
      codec.decode(codec.encode(state), state.query, hashParams({ pipeline: 'prod-web', since: '7d' }));

    // Assess
    expect(decode).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});

describe('cursor keys and parameter hashes', () => {
  it('derive different keys for different tables when no key is configured', () => {
    // Act
    const a = auditCursorKey({}, 'pipegate-prod');
    const b = auditCursorKey({}, 'pipegate-dev');

    // Assess
    expect(a.equals(b)).toBe(false);
  });

  it('prefer PIPEGATE_CURSOR_KEY over the table-derived key', () => {
    // Act
    const configured = auditCursorKey({ PIPEGATE_CURSOR_KEY: 's3cret' }, 'pipegate-prod');

    // Assess
    expect(configured.equals(auditCursorKey({}, 'pipegate-prod'))).toBe(false);
    expect(configured.equals(auditCursorKey({ PIPEGATE_CURSOR_KEY: 's3cret' }, 'other-table'))).toBe(true);
  });

  it('hash parameters regardless of order and of undefined ones', () => {
    // Act
    const a = hashParams({ since: '7d', pipeline: 'prod-api', to: undefined });
    const b = hashParams({ pipeline: 'prod-api', since: '7d' });

    // Assess
    expect(a).toBe(b);
  });
});
