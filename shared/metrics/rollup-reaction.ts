import type { Reaction } from '../history/reaction';
import type { Log } from '../logging/log';
import type { RollupStore } from './rollup-store';
import { runFactOf } from './run-fact';

export interface RollupReactionDeps {
  rollups: RollupStore;
  log: Log;
}

/**
 * Ingest reaction: whenever an event moves a finished execution (the final pipeline event, or a stage or
 * action event that arrives after it), its run fact is re-written into the daily rollup. The write is a SET
 * of one attribute named after the execution, so re-delivery and replays are harmless.
 */
export const createRollupReaction =
  (deps: RollupReactionDeps): Reaction =>
  async (outcome) => {
    if (outcome.outcome !== 'new') return;
    const fact = runFactOf(outcome.summary);
    if (!fact) return;
    await deps.rollups.record(fact);
    deps.log.debug('run added to the delivery rollup', { pipeline: fact.pipeline, executionId: fact.id });
  };
