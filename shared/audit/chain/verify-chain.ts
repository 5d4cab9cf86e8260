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
  /** The lane (chain) of the day the finding is in; none for an entry with no place in any chain. */
  lane?: number;
  seq?: number;
  entryId?: string;
  detail: string;
}

export interface LaneVerdict {
  lane: number;
  /** Links the head says the lane has (0 when the lane has no chain). */
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
 * Re-computes one lane of a day from its head and the entries that claim a place in it, and names every
 * entry that was changed, deleted, inserted or reordered. Pure: the caller reads the table and sorts the
 * day's entries into lanes (verifyDay).
 * @example verifyLane('2026-07-20', 3, head, entriesOfLane3).findings // [] when intact
 */
export const verifyLane = (
  day: string,
  lane: number,
  head: ChainHead | undefined,
  entries: readonly (StoredChainEntry & { link: ChainLink })[],
): LaneVerdict => {
  const findings: ChainFinding[] = [];
  const found = (finding: Omit<ChainFinding, 'day' | 'lane'>) => findings.push({ day, lane, ...finding });
  const bySeq = new Map<number, StoredChainEntry[]>();
  for (const entry of entries) bySeq.set(entry.link.seq, [...(bySeq.get(entry.link.seq) ?? []), entry]);
  const highest = Math.max(0, ...bySeq.keys());
  if (!head && highest > 0) {
    found({ kind: 'deleted', detail: `the chain head of ${day} lane ${lane} is missing` });
  }
  const last = head?.seq ?? highest;
  for (const [seq, extra] of bySeq) {
    if (seq < 1 || seq > last) {
      for (const entry of extra) {
        found({ kind: 'inserted', seq, entryId: entry.id, detail: 'beyond the end of the chain' });
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
        found({ kind: 'inserted', seq, entryId: entry.id, detail: 'a second entry claims this place' });
      else broken.push({ seq, entry, expected });
    }
    if (!candidates.length) {
      found({
        kind: 'deleted',
        seq,
        ...(expected ? { entryId: expected.id } : {}),
        detail: 'the chain records this entry but it is not in the table',
      });
    }
    if (genuine?.mismatch) found({ kind: 'changed', seq, entryId: genuine.id, detail: genuine.mismatch });
    const basis = genuine ?? candidates[0];
    expected = basis?.link ? { hash: basis.link.prevHash, id: basis.link.prevId } : undefined;
  }

  // A broken entry whose content fits another broken position exactly was moved there: reordered.
  for (const slot of broken) {
    const home = broken.find(
      (other) => other !== slot && other.entry.link && fitsAt(slot.entry, other.entry.link),
    );
    found(
      home
        ? {
            kind: 'reordered',
            seq: slot.seq,
            entryId: slot.entry.id,
            detail: `found at position ${slot.seq}, belongs at position ${home.seq}`,
          }
        : { kind: 'changed', seq: slot.seq, entryId: slot.entry.id, detail: describeBreak(slot) },
    );
  }
  findings.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
  return { lane, chained: last, anchored: Boolean(head?.anchoredAt), findings };
};
