import { daysIn, type TimeRange } from '../time-range';
import type { ChainHead } from './chain-link';
import type { ChainFinding, StoredChainEntry } from './verify-chain';
import { type DayVerdict, verifyDay } from './verify-day';

/** Port: one day of the chains as stored — the heads of its lanes and every entry of the day. */
export interface ChainDayReader {
  day(day: string): Promise<{ heads: ChainHead[]; entries: StoredChainEntry[] }>;
}

export interface AuditVerification {
  ok: boolean;
  from: string;
  to: string;
  days: DayVerdict[];
  findings: ChainFinding[];
  /** Days whose chain is not closed by an anchor yet (today, or the sweeper has not run). */
  openDays: string[];
}

/**
 * Re-computes the audit chains (every lane) of every UTC day the window touches and collects what was tampered with.
 * Whole days are verified (chains are per day), so the window is widened to day boundaries.
 * @example const result = await verifyAudit(range, reader); if (!result.ok) console.log(result.findings);
 */
export const verifyAudit = async (range: TimeRange, reader: ChainDayReader): Promise<AuditVerification> => {
  const days: DayVerdict[] = [];
  for (const day of daysIn(range)) {
    const { heads, entries } = await reader.day(day);
    days.push(verifyDay(day, heads, entries));
  }
  const findings = days.flatMap((verdict) => verdict.findings);
  return {
    ok: findings.length === 0,
    from: range.from,
    to: range.to,
    days,
    findings,
    openDays: days
      .filter((verdict) => verdict.chained > 0 && !verdict.anchored)
      .map((verdict) => verdict.day),
  };
};
