import type { ChainHead } from './chain-link';

/** Port: closes every lane of one day's chains; returns the heads it closed now (none when already closed). */
export type CloseChainDay = (day: string, at: string) => Promise<ChainHead[]>;

export interface AnchorDeps {
  closeDay: CloseChainDay;
  now: () => Date;
}

export interface AnchorResult {
  anchored: string[];
}

const DAY_MS = 86_400_000;
// An append that read the head just before midnight still finishes within this; then the day is closed.
const GRACE_MS = 10 * 60_000;
// Days looked back each run, so a few missed sweeper runs (an outage) still get their anchors.
const LOOKBACK_DAYS = 3;

/**
 * Writes the daily anchor of each recent day that is over (plus a grace period): the heads of the day's
 * lanes are closed, so its last position and hash can no longer move. Idempotent; cheap to run every sweep.
 * @example await anchorClosedDays({ closeDay, now: () => new Date() }) // { anchored: ['2026-07-20'] }
 */
export const anchorClosedDays = async (deps: AnchorDeps): Promise<AnchorResult> => {
  const now = deps.now();
  const closedUpTo = new Date(now.getTime() - GRACE_MS - DAY_MS);
  const anchored: string[] = [];
  for (let back = LOOKBACK_DAYS - 1; back >= 0; back -= 1) {
    const day = new Date(closedUpTo.getTime() - back * DAY_MS).toISOString().slice(0, 10);
    if ((await deps.closeDay(day, now.toISOString())).length) anchored.push(day);
  }
  return { anchored };
};
