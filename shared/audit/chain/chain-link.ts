import { createHash } from 'node:crypto';

/**
 * Where an audit entry sits in its day's hash chain. One chain per UTC day of the entry's time: entry `seq`
 * commits to the entry before it (`prevHash`, `prevId`), so an edit, deletion, insertion or swap anywhere
 * breaks a link that `audit verify` names.
 */
export interface ChainLink {
  day: string;
  /** 1-based position in the day's chain. */
  seq: number;
  /** The previous link's hash, or the day's genesis hash for seq 1. */
  prevHash: string;
  /** The previous entry's id ('' for seq 1), so a deleted entry can be named, not just counted. */
  prevId: string;
  /** linkHash over the fields above and the stored entry JSON. */
  hash: string;
}

/** The head of a day's chain: the last link, and (once the day is over) when it was closed as the anchor. */
export interface ChainHead {
  day: string;
  seq: number;
  hash: string;
  lastId: string;
  anchoredAt?: string;
}

const VERSION = 'pipegate-audit-chain-v1';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The hash an empty chain starts from; differs per day so a chain cannot be moved to another day. */
export const genesisHash = (day: string): string => sha256(JSON.stringify([VERSION, 'genesis', day]));

/**
 * The hash of one link. The entry is hashed exactly as stored (its JSON string), so no canonical form of
 * the entry is needed and any byte changed in it changes the hash.
 * @example linkHash({ day, seq: 1, prevHash: genesisHash(day), prevId: '' }, item.entry)
 */
export const linkHash = (link: Omit<ChainLink, 'hash'>, entryJson: string): string =>
  sha256(JSON.stringify([VERSION, link.day, link.seq, link.prevHash, link.prevId, entryJson]));

/** The link that follows `head` (or starts the day's chain) for the entry stored as `entryJson`. */
export const nextLink = (
  day: string,
  head: Pick<ChainHead, 'seq' | 'hash' | 'lastId'> | undefined,
  entryJson: string,
): ChainLink => {
  const partial = {
    day,
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? genesisHash(day),
    prevId: head?.lastId ?? '',
  };
  return { ...partial, hash: linkHash(partial, entryJson) };
};
