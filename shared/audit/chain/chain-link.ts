import { createHash } from 'node:crypto';

/**
 * Where an audit entry sits in its day's hash chains. A day has K chains (lanes); entry `seq` of a lane
 * commits to the entry before it in that lane (`prevHash`, `prevId`), so an edit, deletion, insertion or
 * swap anywhere breaks a link that `audit verify` names.
 */
export interface ChainLink {
  day: string;
  /** Which of the day's chains (0 for the single chain written before lanes existed). */
  lane: number;
  /** 1-based position in the lane's chain. */
  seq: number;
  /** The previous link's hash, or the lane's genesis hash for seq 1. */
  prevHash: string;
  /** The previous entry's id ('' for seq 1), so a deleted entry can be named, not just counted. */
  prevId: string;
  /** linkHash over the fields above and the stored entry JSON. */
  hash: string;
}

/** The head of one lane: its last link, and (once the day is over) when it was closed as the anchor. */
export interface ChainHead {
  day: string;
  lane: number;
  /** How many lanes the day had when this head was written (1 for a head written before lanes existed). */
  lanes: number;
  seq: number;
  hash: string;
  lastId: string;
  anchoredAt?: string;
}

const VERSION = 'pipegate-audit-chain-v1';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The hash an empty lane starts from; differs per day and lane so a chain cannot be moved to another day or
 * lane. Lane 0 keeps the pre-lanes form, so a day written as one chain verifies as lane 0 unchanged.
 */
export const genesisHash = (day: string, lane = 0): string =>
  sha256(JSON.stringify(lane ? [VERSION, 'genesis', day, lane] : [VERSION, 'genesis', day]));

/**
 * The hash of one link. The entry is hashed exactly as stored (its JSON string), so no canonical form of
 * the entry is needed and any byte changed in it changes the hash. The lane is hashed too (except lane 0,
 * the pre-lanes form), so an entry moved to another lane no longer fits there.
 * @example linkHash({ day, lane: 0, seq: 1, prevHash: genesisHash(day), prevId: '' }, item.entry)
 */
export const linkHash = (link: Omit<ChainLink, 'hash'>, entryJson: string): string => {
  const position = link.lane ? [link.day, link.lane, link.seq] : [link.day, link.seq];
  return sha256(JSON.stringify([VERSION, ...position, link.prevHash, link.prevId, entryJson]));
};

/** The link that follows `head` (or starts the lane's chain) for the entry stored as `entryJson`. */
export const nextLink = (
  day: string,
  lane: number,
  head: Pick<ChainHead, 'seq' | 'hash' | 'lastId'> | undefined,
  entryJson: string,
): ChainLink => {
  const partial = {
    day,
    lane,
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? genesisHash(day, lane),
    prevId: head?.lastId ?? '',
  };
  return { ...partial, hash: linkHash(partial, entryJson) };
};
