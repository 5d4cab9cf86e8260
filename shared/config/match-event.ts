import picomatch from 'picomatch';
import type { EventLevel, ExecutionState } from '../events/pipeline-event';
import type { Match } from './pipegate-config';

/** What a match is tested against: an event, or a manual approval (which has no level or state). */
export interface MatchTarget {
  pipeline: string;
  stage?: string;
  action?: string;
  account?: string;
  region?: string;
  level?: EventLevel;
  state?: ExecutionState;
}

// Compiled once per glob: routing runs for every event a warm Lambda sees.
const compiled = new Map<string, (value: string) => boolean>();

const matcherFor = (glob: string): ((value: string) => boolean) => {
  const known = compiled.get(glob);
  if (known) return known;
  // dot: CodePipeline names may start with '.', and `*` should still match them.
  const matcher = picomatch(glob, { dot: true });
  compiled.set(glob, matcher);
  return matcher;
};

/** An absent filter matches anything; a filter on a field the target lacks (a stage of a pipeline event) does not. */
const fits = <T extends string>(
  allowed: readonly T[] | undefined,
  value: T | undefined,
  test: (a: T, v: T) => boolean,
) => allowed === undefined || (value !== undefined && allowed.some((entry) => test(entry, value)));

const byGlob = (glob: string, value: string): boolean => matcherFor(glob)(value);
const exactly = <T extends string>(entry: T, value: T): boolean => entry === value;

/**
 * True when every field of `match` accepts the target: pipelines, stages, actions and regions are picomatch
 * globs, accounts, levels and states exact values.
 * @example
 * matchesTarget({ pipelines: ['prod-*'], states: ['FAILED'] }, { pipeline: 'prod-api', state: 'FAILED' }); // true
 */
export const matchesTarget = (match: Match, target: MatchTarget): boolean =>
  fits(match.pipelines, target.pipeline, byGlob) &&
  fits(match.stages, target.stage, byGlob) &&
  fits(match.actions, target.action, byGlob) &&
  fits(match.regions, target.region, byGlob) &&
  fits(match.accounts, target.account, exactly) &&
  fits(match.levels, target.level, exactly) &&
  fits(match.states, target.state, exactly);
