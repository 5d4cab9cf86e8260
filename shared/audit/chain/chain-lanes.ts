import { createHash } from 'node:crypto';

/**
 * How many chains (lanes) a day's audit trail is split into by default. Each lane has its own head item, so
 * concurrent appends contend on 1/K of the writes; verifying costs one more head per lane (read in the same
 * Query). 8 spreads a burst of a dozen writers (Slack, email, the decider, the sweeper at once) to mostly
 * one writer per head, for 8 small items per day. See docs/audit.md (Lanes).
 */
export const DEFAULT_CHAIN_LANES = 8;

/** Upper bound of the setting: the day's heads must stay one small Query (and one anchor run) away. */
export const MAX_CHAIN_LANES = 64;

/**
 * The lane an entry joins: a hash of its id (which carries 48 random bits), so lanes fill evenly whatever
 * the writers' timing, and an entry with a fixed id (a retried step) always lands in the same lane.
 * @example laneOf('2026-07-20T12:00:00.123Z#AbCd-_12', 8) // 0..7
 */
export const laneOf = (entryId: string, lanes: number): number => {
  if (lanes <= 1) return 0;
  return createHash('sha256').update(entryId, 'utf8').digest().readUInt32BE(0) % lanes;
};
