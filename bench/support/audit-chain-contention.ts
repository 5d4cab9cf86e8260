import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoChainDayReader } from '../../shared/adapters/dynamodb/audit-chain-reader';
import { chainRetryPause, createDynamoAuditTrail } from '../../shared/adapters/dynamodb/audit-store';
import { verifyAudit } from '../../shared/audit/chain/verify-audit';
import { DEFAULT_RETENTION } from '../../shared/config/retention';
import { PipegateError } from '../../shared/errors';
import type { meterReads } from './audit-meter';
import { round } from './bench-env';

export interface ContentionRun {
  lanes: number;
  writers: number;
  entries: number;
  seconds: number;
  entriesPerSecond: number;
  /** Conditional head updates that lost the race (each one a retry with a fresh read). */
  lostRaces: number;
  lostRacesPerEntry: number;
  /** Appends that gave up after the adapter's 200 attempts (CONFLICT). */
  gaveUp: number;
  appendMs: { p50: number; p99: number };
  verify: { ok: boolean; ms: number; queries: number; itemsRead: number; heads: number };
}

const percentileOf = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * `writers` concurrent writers each append `perWriter` entries to one day through the real adapter, with the
 * day split into `lanes` chains; then that day is verified. Lost races are counted through the adapter's
 * `pause` hook (which then waits exactly as in production).
 */
export const measureChainContention = async (
  client: DynamoDBClient,
  tableName: string,
  meter: ReturnType<typeof meterReads>,
  options: { lanes: number; writers: number; perWriter: number; day: string },
): Promise<ContentionRun> => {
  let lostRaces = 0;
  let gaveUp = 0;
  let tick = 0;
  const base = Date.parse(`${options.day}T08:00:00.000Z`);
  const trail = createDynamoAuditTrail({
    client,
    tableName,
    retention: DEFAULT_RETENTION,
    lanes: options.lanes,
    now: () => new Date(base + tick++),
    pause: (attempt) => {
      lostRaces += 1;
      return chainRetryPause(attempt);
    },
  });
  const appendMs: number[] = [];
  const began = performance.now();
  await Promise.all(
    Array.from({ length: options.writers }, async (_, writer) => {
      for (let i = 0; i < options.perWriter; i += 1) {
        const start = performance.now();
        try {
          await trail.append({
            action: 'approval.attempt',
            outcome: 'ok',
            actor: { id: `writer${writer}@example.com` },
            details: { i: String(i) },
          });
        } catch (error) {
          if (!(error instanceof PipegateError) || error.code !== 'CONFLICT') throw error;
          gaveUp += 1;
        }
        appendMs.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const entries = options.writers * options.perWriter - gaveUp;
  const before = meter.now();
  const verifyBegan = performance.now();
  const verified = await verifyAudit(
    { from: `${options.day}T00:00:00.000Z`, to: `${options.day}T23:59:59.999Z` },
    createDynamoChainDayReader(client, tableName),
  );
  const verifyMs = performance.now() - verifyBegan;
  const read = meter.since(before);
  appendMs.sort((a, b) => a - b);
  return {
    lanes: options.lanes,
    writers: options.writers,
    entries,
    seconds: round(seconds),
    entriesPerSecond: round(entries / seconds, 1),
    lostRaces,
    lostRacesPerEntry: round(lostRaces / Math.max(1, entries), 2),
    gaveUp,
    appendMs: { p50: round(percentileOf(appendMs, 50)), p99: round(percentileOf(appendMs, 99)) },
    verify: {
      ok: verified.ok && verified.days[0]?.chained === entries,
      ms: round(verifyMs),
      queries: read.queries,
      itemsRead: read.scanned,
      heads: verified.days[0]?.lanes ?? 0,
    },
  };
};
