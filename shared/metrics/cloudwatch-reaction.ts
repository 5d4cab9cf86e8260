import type { Reaction } from '../history/reaction';
import type { Recorded } from '../history/record-event';
import type { OpsMetrics } from './ops-metrics';
import { type ProductionRule, productionRuleFor } from './production';
import { FINAL_STATES } from './run-fact';

export interface CloudWatchReactionDeps {
  metrics: OpsMetrics;
  production: readonly ProductionRule[];
}

const between = (from?: string, to?: string): number | undefined => {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
};

/**
 * The `pipeline` dimension: production pipelines by name, everything else as `other`, so the number of
 * CloudWatch metrics is bounded by the config, not by how many pipelines an account creates.
 */
export const pipelineDimension = (production: readonly ProductionRule[], pipeline: string): string =>
  productionRuleFor(production, pipeline) ? pipeline : 'other';

/** The metrics a new final state gives (none for other states). */
const emitFor = (deps: CloudWatchReactionDeps, outcome: Recorded): void => {
  const { event, summary } = outcome;
  if (!FINAL_STATES.has(event.state) && event.state !== 'ABANDONED') return;
  const pipeline = pipelineDimension(deps.production, event.pipeline);
  if (event.level === 'pipeline') {
    deps.metrics.count('ExecutionOutcome', { pipeline, outcome: event.state });
  } else if (event.level === 'stage') {
    const stage = summary.stages[event.stage];
    const ms = between(stage?.startedAt, stage?.endedAt);
    if (ms !== undefined && event.state === 'SUCCEEDED') {
      deps.metrics.milliseconds(
        'StageDuration',
        ms,
        pipeline === 'other' ? { pipeline } : { pipeline, stage: event.stage },
      );
    }
  } else if (event.actionCategory === 'Approval') {
    const action = summary.actions[`${event.stage}/${event.action}`];
    const ms = between(action?.startedAt, action?.endedAt);
    if (ms !== undefined) deps.metrics.milliseconds('ApprovalWait', ms, { pipeline });
  }
};

/**
 * Ingest reaction emitting CloudWatch metrics for new final states: execution outcomes, stage durations
 * (stage dimension only for production pipelines) and approval wait times, after the save that records the
 * event, so at most once: a replay of deferred reactions or a copy that lost the race does not emit again.
 */
export const createCloudWatchReaction =
  (deps: CloudWatchReactionDeps): Reaction =>
  async (outcome, held) => {
    if (outcome.outcome !== 'new' || outcome.replay) return;
    // Emitted once this delivery's save records the event: two copies racing both react, one save wins.
    if (held) held.onSaved('cloudwatch', () => emitFor(deps, outcome));
    else emitFor(deps, outcome);
  };
