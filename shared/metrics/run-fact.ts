import * as z from 'zod';
import type { ExecutionState } from '../events/pipeline-event';
import type { ExecutionSummary } from '../history/execution-summary';

/** Final states of an execution: when one is reached the run is written to its pipeline's daily rollup. */
export const FINAL_STATES: ReadonlySet<ExecutionState> = new Set([
  'SUCCEEDED',
  'FAILED',
  'STOPPED',
  'CANCELED',
  'SUPERSEDED',
]);

const stateSchema = z.enum([
  'STARTED',
  'RESUMED',
  'STOPPING',
  'SUCCEEDED',
  'FAILED',
  'CANCELED',
  'STOPPED',
  'SUPERSEDED',
  'ABANDONED',
]);

/**
 * The few facts of one finished run that delivery metrics need (≈ 200–500 bytes), kept in the pipeline's
 * daily rollup item so a report never reads execution histories.
 */
export const runFactSchema = z.object({
  id: z.string(),
  pipeline: z.string(),
  state: stateSchema,
  start: z.string(),
  end: z.string(),
  /** CodePipeline trigger type; `ManualRollback` / `AutomatedRollback` runs undo an earlier deployment. */
  trigger: z.string().optional(),
  /** The source revision the run built, with its author time when the event carried it. */
  revision: z.object({ id: z.string(), authoredAt: z.string().optional() }).optional(),
  /** Stage name → final state and duration (ms) when both ends are known. */
  stages: z.record(z.string(), z.object({ state: stateSchema, ms: z.number().optional() })),
  /** Manual approvals: requested → decided, ms. */
  approvalWaits: z.array(z.number()),
});

export type RunFact = z.infer<typeof runFactSchema>;

const between = (from?: string, to?: string): number | undefined => {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
};

/**
 * The run fact of a finished execution, or undefined while it is not final.
 * @example runFactOf(summary)?.stages.Deploy // { state: 'SUCCEEDED', ms: 94000 }
 */
export const runFactOf = (summary: ExecutionSummary): RunFact | undefined => {
  if (!summary.state || !FINAL_STATES.has(summary.state)) return undefined;
  const end = summary.endTime ?? summary.lastEventAt;
  const stages = Object.fromEntries(
    Object.values(summary.stages).map((stage) => {
      const ms = between(stage.startedAt, stage.endedAt);
      return [stage.name, ms === undefined ? { state: stage.state } : { state: stage.state, ms }];
    }),
  );
  const approvalWaits = Object.values(summary.actions)
    .filter((action) => action.category === 'Approval' && action.state !== 'STARTED')
    .flatMap((action) => {
      const ms = between(action.startedAt, action.endedAt);
      return ms === undefined ? [] : [ms];
    });
  const commit = summary.trigger?.commitId;
  return {
    id: summary.executionId,
    pipeline: summary.pipeline,
    state: summary.state,
    start: summary.startTime,
    end,
    ...(summary.trigger?.type ? { trigger: summary.trigger.type } : {}),
    ...(commit
      ? {
          revision: {
            id: commit,
            ...(summary.trigger?.authorDate ? { authoredAt: summary.trigger.authorDate } : {}),
          },
        }
      : {}),
    stages,
    approvalWaits,
  };
};
