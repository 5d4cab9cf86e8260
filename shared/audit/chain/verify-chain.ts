import { type ChainHead, type ChainLink, linkHash } from './chain-link';

/** One audit entry of a day as read back from the table, with its chain fields when it has them. */
export interface StoredChainEntry {
  /** The entry's id as the table item names it (its sort key). */
  id: string;
  /** The entry exactly as stored. */
  entryJson: string;
  link?: ChainLink;
  /** Set when the item's keys or top-level attributes do not match its entry (e.g. a hidden action). */
  mismatch?: string;
}

export type TamperKind = 'changed' | 'deleted' | 'inserted' | 'reordered';

export interface ChainFinding {
  kind: TamperKind;
  day: string;
  seq?: number;
  entryId?: string;
  detail: string;
}

export interface DayVerdict {
  day: string;
  /** Links the head says the day has (0 when the day has no chain). */
  chained: number;
  anchored: boolean;
  findings: ChainFinding[];
}

interface Slot {
  seq: number;
  entry: StoredChainEntry;
  /** The link this position must have, as committed to by its successor (or the head). */
  expected?: { hash: string; id: string };
}

const selfConsistent = (entry: StoredChainEntry): boolean =>
  entry.link !== undefined && linkHash(entry.link, entry.entryJson) === entry.link.hash;

/** Does `entry`'s content hash correctly in the place `at` claims (its chain fields)? */
const fitsAt = (entry: StoredChainEntry, at: ChainLink): boolean => linkHash(at, entry.entryJson) === at.hash;

const describeBreak = (slot: Slot): string =>
  selfConsistent(slot.entry)
    ? 'its hash was recomputed but the next link still commits to the original'
    : 'its content no longer matches its hash';

/**
 * Re-computes one day's chain from its head and stored entries and names every entry that was changed,
 * deleted, inserted or reordered. Pure: the caller reads the table.
 * @example verifyDay('2026-07-20', head, entries).findings // [] when intact
 */
export const verifyDay = (
  day: string,
  head: ChainHead | undefined,
  entries: readonly StoredChainEntry[],
): DayVerdict => {
  const findings: ChainFinding[] = [];
  const bySeq = new Map<number, StoredChainEntry[]>();
  for (const entry of entries) {
    if (!entry.link || entry.link.day !== day) {
      findings.push({ kind: 'inserted', day, entryId: entry.id, detail: 'entry has no place in the chain' });
      continue;
    }
    bySeq.set(entry.link.seq, [...(bySeq.get(entry.link.seq) ?? []), entry]);
  }
  const highest = Math.max(0, ...bySeq.keys());
  if (!head && highest > 0) {
    findings.push({ kind: 'deleted', day, detail: `the chain head of ${day} is missing` });
  }
  const last = head?.seq ?? highest;
  for (const [seq, extra] of bySeq) {
    if (seq < 1 || seq > last) {
      for (const entry of extra) {
        findings.push({
          kind: 'inserted',
          day,
          seq,
          entryId: entry.id,
          detail: 'beyond the end of the chain',
        });
      }
    }
  }

  // Walk back from the head: each genuine link tells what the one before it must be.
  const broken: Slot[] = [];
  let expected: Slot['expected'] = head ? { hash: head.hash, id: head.lastId } : undefined;
  for (let seq = last; seq >= 1; seq -= 1) {
    const candidates = bySeq.get(seq) ?? [];
    const genuine = candidates.find((entry) =>
      expected
        ? selfConsistent(entry) && entry.link?.hash === expected.hash && entry.id === expected.id
        : selfConsistent(entry),
    );
    for (const entry of candidates) {
      if (entry === genuine) continue;
      if (genuine)
        findings.push({
          kind: 'inserted',
          day,
          seq,
          entryId: entry.id,
          detail: 'a second entry claims this place',
        });
      else broken.push({ seq, entry, expected });
    }
    if (!candidates.length) {
      findings.push({
        kind: 'deleted',
        day,
        seq,
        ...(expected ? { entryId: expected.id } : {}),
        detail: 'the chain records this entry but it is not in the table',
      });
    }
    if (genuine?.mismatch) {
      findings.push({ kind: 'changed', day, seq, entryId: genuine.id, detail: genuine.mismatch });
    }
    const basis = genuine ?? candidates[0];
    expected = basis?.link ? { hash: basis.link.prevHash, id: basis.link.prevId } : undefined;
  }

  // A broken entry whose content fits another broken position exactly was moved there: reordered.
  for (const slot of broken) {
    const home = broken.find(
      (other) => other !== slot && other.entry.link && fitsAt(slot.entry, other.entry.link),
    );
    findings.push(
      home
        ? {
            kind: 'reordered',
            day,
            seq: slot.seq,
            entryId: slot.entry.id,
            detail: `found at position ${slot.seq}, belongs at position ${home.seq}`,
          }
        : { kind: 'changed', day, seq: slot.seq, entryId: slot.entry.id, detail: describeBreak(slot) },
    );
  }
  findings.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
  return { day, chained: last, anchored: Boolean(head?.anchoredAt), findings };
};
