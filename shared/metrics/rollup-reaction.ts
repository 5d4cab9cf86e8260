import { isDeepStrictEqual } from 'node:util';
import type { Reaction } from '../history/reaction';
import type { Recorded } from '../history/record-event';
import type { Log } from '../logging/log';
import type { RollupStore } from './rollup-store';
import { type RunFact, runFactOf } from './run-fact';

export interface RollupReactionDeps {
  rollups: RollupStore;
  log: Log;
}

/**
 * Is `fact` already in the rollup? A saved summary's reactions ran before it was saved, so the fact of the
 * summary this event was applied to was written then — unless that summary still has events whose reactions
 * are pending (recorded while they could not run), or there is no previous summary (a replay, a first event).
 */
const alreadyRolledUp = (outcome: Recorded, fact: RunFact): boolean => {
  const { previous } = outcome;
  if (!previous || previous.unreacted?.length) return false;
  const before = runFactOf(previous);
  return before !== undefined && isDeepStrictEqual(before, fact);
};

/**
 * Ingest reaction: whenever an event changes the run fact of a finished execution (its final pipeline
 * event, or a stage or action event that arrives after it and moves a stage or an approval wait), the fact
 * is re-written into the daily rollup. An event that leaves the fact as it was writes nothing. The write is a
 * SET of one attribute named after the execution, so re-delivery and replays are harmless.
 */
export const createRollupReaction =
  (deps: RollupReactionDeps): Reaction =>
  async (outcome) => {
    const fact = runFactOf(outcome.summary);
    if (!fact || alreadyRolledUp(outcome, fact)) return;
    await deps.rollups.record(fact);
    deps.log.debug('run added to the delivery rollup', { pipeline: fact.pipeline, executionId: fact.id });
  };
