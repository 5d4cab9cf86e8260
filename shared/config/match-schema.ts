import * as z from 'zod';
import { ACTION_STATES, PIPELINE_STATES, STAGE_STATES } from '../events/codepipeline-schema';
import type { EventLevel, ExecutionState } from '../events/pipeline-event';
import { accountId, globList, strictObject } from './config-fields';
import { show } from './config-issues';
import { unbalancedGlob } from './glob-syntax';

/** Schemas of `match`: which events a route applies to, and which approval actions a policy covers. */

/**
 * States CodePipeline emits at each level.
 * @see https://docs.aws.amazon.com/codepipeline/latest/userguide/detect-state-changes-cloudwatch-events.html
 */
export const STATES_BY_LEVEL: Record<EventLevel, readonly ExecutionState[]> = {
  pipeline: PIPELINE_STATES,
  stage: STAGE_STATES,
  action: ACTION_STATES,
};
const LEVELS = ['pipeline', 'stage', 'action'] as const;
const ALL_STATES = [...PIPELINE_STATES, 'ABANDONED'] as const;

const level = z.enum(LEVELS, {
  error: (issue) => `${show(issue.input)} is not an event level (expected one of ${LEVELS.join(', ')})`,
});
const state = z.enum(ALL_STATES, {
  error: (issue) =>
    `${show(issue.input)} is not a CodePipeline state (expected one of ${ALL_STATES.join(', ')})`,
});

/** A glob list whose globs must pair their braces and brackets (picomatch would accept them and match nothing). */
const placeGlobs = (what: string) =>
  globList(what).superRefine((globs, ctx) => {
    globs.forEach((glob, index) => {
      const why = unbalancedGlob(glob);
      if (why) ctx.addIssue({ code: 'custom', path: [index], message: why });
    });
  });

const placeFields = {
  pipelines: placeGlobs('pipeline glob'),
  stages: placeGlobs('stage glob').optional(),
  actions: placeGlobs('action glob').optional(),
  accounts: z.array(accountId).min(1, 'must list at least one account id').optional(),
  regions: placeGlobs('region glob').optional(),
};

/** A route's match; states are checked against the levels it names, and dead filters are refused. */
export const routeMatch = strictObject({
  ...placeFields,
  levels: z.array(level).min(1, 'must list at least one level').optional(),
  states: z.array(state).min(1, 'must list at least one state').optional(),
}).superRefine((match, ctx) => {
  const levels = match.levels ?? LEVELS;
  const allowed = ALL_STATES.filter((known) => levels.some((at) => STATES_BY_LEVEL[at].includes(known)));
  match.states?.forEach((wanted, index) => {
    if (allowed.includes(wanted)) return;
    const message = `${show(wanted)} is not a CodePipeline ${levels.join('/')} state (expected one of ${allowed.join(', ')})`;
    ctx.addIssue({ code: 'custom', path: ['states', index], message });
  });
  // Pipeline-level events carry no stage and only action events carry an action: such a route would be dead.
  if (match.stages && !levels.some((at) => at !== 'pipeline')) {
    ctx.addIssue({
      code: 'custom',
      path: ['stages'],
      message: 'never matches: pipeline events have no stage',
    });
  }
  if (match.actions && !levels.includes('action')) {
    ctx.addIssue({ code: 'custom', path: ['actions'], message: 'never matches: add action to levels' });
  }
});

/** A policy's match: approvals are action-level and STARTED by nature, so levels and states make no sense. */
export const approvalMatch = strictObject(placeFields);
