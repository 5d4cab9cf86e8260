import type { ChainHead, ChainLink } from './chain-link';
import { type ChainFinding, type StoredChainEntry, verifyLane } from './verify-chain';

export interface DayVerdict {
  day: string;
  /** How many lanes (chains) the day has. */
  lanes: number;
  /** Links the heads say the day has, over all lanes (0 when the day has no chain). */
  chained: number;
  /** Every lane of the day is closed by its anchor. */
  anchored: boolean;
  findings: ChainFinding[];
}

type Linked = StoredChainEntry & { link: ChainLink };

/**
 * The day's lane count: what its heads recorded when written (a head written before lanes existed says 1),
 * or — when every head is gone — the highest lane its entries claim.
 */
const lanesOfDay = (heads: readonly ChainHead[], entries: readonly Linked[]): number =>
  heads.length
    ? Math.max(...heads.map((head) => Math.max(head.lanes, head.lane + 1)))
    : Math.max(1, ...entries.map((entry) => entry.link.lane + 1));

const bySeq = (a: ChainFinding, b: ChainFinding) =>
  (a.lane ?? -1) - (b.lane ?? -1) || (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER);

/**
 * Re-computes every lane of one day from its heads and stored entries and names every entry that was
 * changed, deleted, inserted or reordered, in any lane. Once any lane of a day is anchored, every lane has
 * a head (the anchor closes empty lanes too), so a head deleted together with its whole lane is named.
 * A day written as one chain (before lanes) is lane 0 of a one-lane day. Pure: the caller reads the table.
 * @example verifyDay('2026-07-20', heads, entries).findings // [] when intact
 */
export const verifyDay = (
  day: string,
  heads: readonly ChainHead[],
  entries: readonly StoredChainEntry[],
): DayVerdict => {
  const findings: ChainFinding[] = [];
  const linked: Linked[] = [];
  for (const entry of entries) {
    if (entry.link && entry.link.day === day) linked.push({ ...entry, link: entry.link });
    else
      findings.push({ kind: 'inserted', day, entryId: entry.id, detail: 'entry has no place in the chain' });
  }
  const lanes = lanesOfDay(heads, linked);
  const dayAnchored = heads.some((head) => head.anchoredAt);
  let chained = 0;
  let anchored = true;
  const laneIds = new Set([...Array.from({ length: lanes }, (_, lane) => lane), ...heads.map((h) => h.lane)]);
  for (const entry of linked) {
    if (laneIds.has(entry.link.lane)) continue;
    findings.push({
      kind: 'inserted',
      day,
      lane: entry.link.lane,
      ...(entry.link.seq ? { seq: entry.link.seq } : {}),
      entryId: entry.id,
      detail: `lane ${entry.link.lane} is not one of the day's ${lanes} lanes`,
    });
  }
  for (const lane of laneIds) {
    const head = heads.find((candidate) => candidate.lane === lane);
    const own = linked.filter((entry) => entry.link.lane === lane);
    if (!head && !own.length && dayAnchored) {
      findings.push({ kind: 'deleted', day, lane, detail: `the anchor of ${day} lane ${lane} is missing` });
    }
    const verdict = verifyLane(day, lane, head, own);
    chained += verdict.chained;
    anchored &&= verdict.anchored;
    findings.push(...verdict.findings);
  }
  return { day, lanes, chained, anchored, findings: findings.sort(bySeq) };
};
