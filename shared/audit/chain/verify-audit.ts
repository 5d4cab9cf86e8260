import { daysIn, type TimeRange } from '../time-range';
import type { ChainHead } from './chain-link';
import { type ChainFinding, type DayVerdict, type StoredChainEntry, verifyDay } from './verify-chain';

/** Port: one day of the chain as stored. */
export interface ChainDayReader {
  day(day: string): Promise<{ head: ChainHead | undefined; entries: StoredChainEntry[] }>;
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
 * Re-computes the audit chains of every UTC day the window touches and collects what was tampered with.
 * Whole days are verified (a chain is per day), so the window is widened to day boundaries.
 * @example const result = await verifyAudit(range, reader); if (!result.ok) console.log(result.findings);
 */
export const verifyAudit = async (range: TimeRange, reader: ChainDayReader): Promise<AuditVerification> => {
  const days: DayVerdict[] = [];
  for (const day of daysIn(range)) {
    const { head, entries } = await reader.day(day);
    days.push(verifyDay(day, head, entries));
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
