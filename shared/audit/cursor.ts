import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { PipegateError } from '../errors';
import type { TimeRange } from './time-range';

/** Where a page stopped: the partition being read and the key of the last item returned from it. */
export interface Position {
  partition: string;
  key: Record<string, string>;
}

/** Everything a cursor carries; the window is resolved once so `since=7d` pages over a fixed window. */
export interface CursorState {
  query: string;
  paramsHash: string;
  range?: TimeRange;
  position: Position;
}

/** Opaque, tamper-checked pagination cursors. */
export interface CursorCodec {
  encode(state: CursorState): string;
  /** @throws PipegateError INVALID_REQUEST when modified, malformed, or minted for another query or parameters */
  decode(cursor: string, query: string, paramsHash: string): CursorState;
}

const payloadSchema = z.object({
  v: z.literal(1),
  q: z.string(),
  h: z.string(),
  r: z.object({ f: z.iso.datetime(), t: z.iso.datetime() }).optional(),
  p: z.string(),
  k: z.record(z.string(), z.string()),
});

/**
 * A short stable digest of a query's parameters (undefined ones dropped, order-insensitive); a cursor only
 * continues the query whose parameters hash the same.
 * @example hashParams({ pipeline: 'prod-api', since: '7d' })
 */
export const hashParams = (params: Record<string, string | number | undefined>): string => {
  const entries = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 22);
};

const malformed = (): PipegateError =>
  new PipegateError('INVALID_REQUEST', 'cursor is malformed or was modified', {
    details: { parameter: 'cursor' },
  });

/**
 * Cursors are `base64url(JSON) + "." + base64url(HMAC-SHA256(JSON part))`. The key is chosen by one rule,
 * `auditCursorKey` in shared/wiring/audit-wiring.ts, shared by the audit API and the CLI.
 * @example
 * const cursors = createCursorCodec(key);
 * const next = cursors.encode({ query: 'executions', paramsHash, position });
 * cursors.decode(next, 'executions', paramsHash).position;
 */
export const createCursorCodec = (key: Buffer | string): CursorCodec => {
  const sign = (payload: string): Buffer => createHmac('sha256', key).update(payload).digest();

  return {
    encode(state) {
      const body = {
        v: 1,
        q: state.query,
        h: state.paramsHash,
        ...(state.range ? { r: { f: state.range.from, t: state.range.to } } : {}),
        p: state.position.partition,
        k: state.position.key,
      };
      const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },

    decode(cursor, query, paramsHash) {
      const [payload, signature, ...rest] = cursor.split('.');
      if (!payload || !signature || rest.length > 0) throw malformed();
      const expected = sign(payload);
      const given = Buffer.from(signature, 'base64url');
      // timingSafeEqual throws on unequal lengths, so compare lengths first.
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw malformed();
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw malformed();
      }
      const parsed = payloadSchema.safeParse(json);
      if (!parsed.success) throw malformed();
      if (parsed.data.q !== query || parsed.data.h !== paramsHash) {
        throw new PipegateError(
          'INVALID_REQUEST',
          'cursor belongs to another query or other parameters; repeat the parameters of the first page',
          { details: { parameter: 'cursor' } },
        );
      }
      const { r, p, k } = parsed.data;
      return {
        query,
        paramsHash,
        ...(r ? { range: { from: r.f, to: r.t } } : {}),
        position: { partition: p, key: k },
      };
    },
  };
};
