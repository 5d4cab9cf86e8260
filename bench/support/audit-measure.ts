import type { ReadMeter, ReadTotals } from './audit-meter';
import { percentile, round } from './bench-env';

/** One call of a query: how many items it gave its caller, and where it would continue. */
export interface CallResult {
  returned: number;
  nextCursor?: string;
  /** Breaks the totals down, e.g. by kind of execution. */
  group?: string;
}

/** A query's call for sample `i`, from the start or continuing a previous page. */
export type QueryCall = (i: number, cursor?: string) => Promise<CallResult>;

const ratio = (read: number, returned: number): number | null =>
  returned ? round(read / returned, 3) : null;

const add = (sum: ReadTotals, delta: ReadTotals): void => {
  sum.queries += delta.queries;
  sum.scanned += delta.scanned;
  sum.matched += delta.matched;
  sum.capacityUnits += delta.capacityUnits;
  sum.scans += delta.scans;
};

const zero = (): ReadTotals => ({ queries: 0, scanned: 0, matched: 0, capacityUnits: 0, scans: 0 });

/**
 * Calls a query `runs` times (plus, every `followEvery`-th call, its next page when there is one) and reports
 * what DynamoDB read against what the caller got. Items read but not returned are split into those the
 * FilterExpression dropped (read, billed, never sent) and those the code received and dropped.
 */
export const measureQuery = async (meter: ReadMeter, runs: number, call: QueryCall, followEvery = 0) => {
  const latencies: number[] = [];
  const total = zero();
  const groups = new Map<string, { calls: number; returned: number; read: ReadTotals }>();
  let returned = 0;
  let continued = 0;
  const timed = async (i: number, cursor?: string): Promise<CallResult> => {
    const before = meter.now();
    const began = performance.now();
    const result = await call(i, cursor);
    latencies.push(performance.now() - began);
    const delta = meter.since(before);
    add(total, delta);
    returned += result.returned;
    const group = groups.get(result.group ?? '') ?? { calls: 0, returned: 0, read: zero() };
    group.calls += 1;
    group.returned += result.returned;
    add(group.read, delta);
    groups.set(result.group ?? '', group);
    return result;
  };
  for (let i = 0; i < runs; i += 1) {
    const first = await timed(i);
    if (followEvery && i % followEvery === 0 && first.nextCursor) {
      await timed(i, first.nextCursor);
      continued += 1;
    }
  }
  latencies.sort((a, b) => a - b);
  const byGroup = Object.fromEntries(
    [...groups]
      .filter(([name]) => name)
      .map(([name, g]) => [
        name,
        {
          calls: g.calls,
          itemsRead: g.read.scanned,
          itemsReturned: g.returned,
          readPerReturned: ratio(g.read.scanned, g.returned),
        },
      ]),
  );
  return {
    calls: latencies.length,
    continuedPages: continued,
    itemsRead: total.scanned,
    itemsReturned: returned,
    readPerReturned: ratio(total.scanned, returned),
    droppedByFilter: total.scanned - total.matched,
    // A history page gives up to 8 timeline events for one item read, so a timeline can return more records
    // than it reads items: then what it drops is hidden in that surplus, and this is only a lower bound.
    droppedAfterRead: Math.max(0, total.matched - returned),
    pages: total.queries,
    pagesPerCall: round(total.queries / latencies.length),
    capacityUnits: round(total.capacityUnits, 1),
    capacityUnitsPerCall: round(total.capacityUnits / latencies.length),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1) ?? 0),
    ...(Object.keys(byGroup).length ? { byGroup } : {}),
  };
};

export type QueryStats = Awaited<ReturnType<typeof measureQuery>>;
