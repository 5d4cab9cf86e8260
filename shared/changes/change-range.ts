import { type ExecutionSummary, orderedStages } from '../history/execution-summary';
import type { ChangeSummary, RunOutcome, SourceChange } from './change-summary';
import { compareUrl } from './compare-link';
import type { SourceRevision } from './source-revision';

/** True when the execution got past `stage`: the stage succeeded (a later failure still shipped it). */
export const passedStage = (summary: ExecutionSummary, stage: string): boolean =>
  summary.stages[stage]?.state === 'SUCCEEDED' || summary.state === 'SUCCEEDED';

/** How an execution that did not get past the stage ended, in a few words. */
export const outcomeOf = (summary: ExecutionSummary): string => {
  switch (summary.state) {
    case 'SUPERSEDED':
      return 'superseded';
    case 'FAILED': {
      const failed = orderedStages(summary).find((stage) => stage.state === 'FAILED');
      return failed ? `failed in ${failed.name}` : 'failed';
    }
    case 'STOPPED':
    case 'STOPPING':
      return 'stopped';
    case 'CANCELED':
      return 'cancelled';
    case 'SUCCEEDED':
      return 'succeeded';
    default:
      return 'still running';
  }
};

const countOutcomes = (runs: ExecutionSummary[]): RunOutcome[] => {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(outcomeOf(run), (counts.get(outcomeOf(run)) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => ({ outcome, count }));
};

const sameRepository = (a: SourceRevision, b: SourceRevision): boolean =>
  !!a.repo &&
  !!b.repo &&
  a.repo.provider === b.repo.provider &&
  a.repo.repository.toLowerCase() === b.repo.repository.toLowerCase();

/**
 * The same source in the other run. Events name a source by its action and GetPipelineExecution by its
 * artifact; the adapter renames artifacts to their actions (GetPipeline), so names usually match. Where
 * they cannot (GetPipeline failed), one source on each side pairs with the other, and otherwise a source
 * pairs with the only one of the other run from the same repository.
 */
const counterpart = (
  revision: SourceRevision,
  now: SourceRevision[],
  then: SourceRevision[],
): SourceRevision | undefined => {
  const named = then.find((candidate) => candidate.name === revision.name);
  if (named) return named;
  if (now.length === 1 && then.length === 1) return then[0];
  const unnamed = then.filter((candidate) => !now.some((other) => other.name === candidate.name));
  const fromRepository = unnamed.filter((candidate) => sameRepository(candidate, revision));
  const rivals = now.filter((other) => fromRepository.some((candidate) => sameRepository(candidate, other)));
  return fromRepository.length === 1 && rivals.length === 1 ? fromRepository[0] : undefined;
};

/** Pairs each source now with the same source then ({@link counterpart}), with its compare link. */
export const pairSources = (now: SourceRevision[], then: SourceRevision[]): SourceChange[] => {
  return now.map((revision) => {
    const before = counterpart(revision, now, then);
    const repo = revision.repo ?? before?.repo;
    const changed = before !== undefined && before.revisionId !== revision.revisionId;
    return {
      name: revision.name,
      current: revision,
      previous: before,
      provider: repo?.provider,
      repository: repo?.repository,
      compareUrl: changed && repo ? compareUrl(repo, before.revisionId, revision.revisionId) : undefined,
    };
  });
};

export interface RangeInput {
  /** The approval's stage: the last success is the last run that got past it. */
  stage: string;
  /** Earlier executions of the pipeline, newest first (the current one left out). */
  earlier: ExecutionSummary[];
  /** True when `earlier` stopped at a limit rather than at the start of the kept history. */
  capped: boolean;
  revisionsNow: SourceRevision[];
  /** The revisions of the base run, once it is known (see {@link findBase}). */
  revisionsThen: SourceRevision[];
}

/** The newest earlier run that got past the stage, and the runs after it. */
export const findBase = (
  earlier: ExecutionSummary[],
  stage: string,
): { base?: ExecutionSummary; between: ExecutionSummary[] } => {
  const index = earlier.findIndex((run) => passedStage(run, stage));
  return index < 0 ? { between: earlier } : { base: earlier[index], between: earlier.slice(0, index) };
};

/**
 * The change an approval ships, from the runs pipegate keeps: the revisions now against the last run that got
 * past the approval's stage, with a compare link per changed source, and the runs in between by outcome.
 * Pure: the commit lists are added afterwards (they need the provider's API).
 */
export const summariseRange = (input: RangeInput): ChangeSummary => {
  const { base, between } = findBase(input.earlier, input.stage);
  if (!base) {
    return {
      basis: input.earlier.length === 0 ? 'first-execution' : 'no-success',
      sources: pairSources(input.revisionsNow, []),
      between: { count: input.earlier.length, outcomes: countOutcomes(input.earlier) },
      looked: input.earlier.length,
      capped: input.capped,
    };
  }
  return {
    basis: 'last-success',
    base: { executionId: base.executionId, startTime: base.startTime },
    sources: pairSources(input.revisionsNow, input.revisionsThen),
    between: { count: between.length, outcomes: countOutcomes(between) },
    looked: input.earlier.length,
    capped: input.capped,
  };
};
