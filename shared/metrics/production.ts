import { matchesTarget } from '../config/match-event';

/** A rule marking production deploys: runs of matching pipelines, or only a named stage of them. */
export interface ProductionRule {
  pipeline: string;
  stage?: string;
}

/** How one run counts for the delivery keys. */
export type DeployOutcome = 'success' | 'failure' | 'none';

const ROLLBACK_TRIGGERS = new Set(['ManualRollback', 'AutomatedRollback']);

/** True for a run that undoes an earlier deployment. */
export const isRollback = (trigger: string | undefined): boolean =>
  trigger !== undefined && ROLLBACK_TRIGGERS.has(trigger);

/** The first production rule that covers the pipeline, if any. */
export const productionRuleFor = (
  rules: readonly ProductionRule[],
  pipeline: string,
): ProductionRule | undefined =>
  rules.find((rule) => matchesTarget({ pipelines: [rule.pipeline] }, { pipeline }));

/**
 * Whether a finished run deployed to production: with a stage rule the stage's own outcome counts (a run
 * that never reached it deployed nothing); else the run's. Stopped, cancelled and superseded runs are none.
 */
export const deployOutcome = (
  rule: ProductionRule,
  run: { state: string; stages: Record<string, { state: string }> },
): DeployOutcome => {
  const state = rule.stage ? run.stages[rule.stage]?.state : run.state;
  if (state === 'SUCCEEDED') return 'success';
  if (state === 'FAILED') return 'failure';
  return 'none';
};
