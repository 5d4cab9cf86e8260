import type { PipelineLocation } from '../accounts/account-access';
import type { ExecutionSummary } from '../history/execution-summary';
import type { Log } from '../logging/log';
import type { CommitRange, EarlierExecutions, ExecutionRevisions } from './change-ports';
import { findBase, passedStage, summariseRange } from './change-range';
import type { ChangeSummary, CommitList, SourceChange } from './change-summary';
import { providerNamed, revisionsOfSummary, type SourceRevision } from './source-revision';

/** Runs looked at for the last success: bounds the read (one or two Query pages) whatever the history. */
export const LOOKBACK_RUNS = 50;
/** Commits listed per source (the newest of the range); the earlier ones are counted. */
export const COMMITS_SHOWN = 20;

export interface SummariseChangesDeps {
  earlier: EarlierExecutions;
  /** GetPipelineExecution, for runs whose events did not carry the source revisions. */
  pipeline?: ExecutionRevisions;
  /** GitHub's compare API; absent when no `github` token is configured. */
  commits?: CommitRange;
  log: Log;
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The trigger names the repository of a single-source pipeline when the revision URL does not. */
const withTriggerRepository = (summary: ExecutionSummary, revisions: SourceRevision[]): SourceRevision[] => {
  const provider = providerNamed(summary.trigger?.provider);
  const repository = summary.trigger?.repository;
  if (revisions.length !== 1 || !provider || !repository) return revisions;
  return revisions.map((revision) => ({ ...revision, repo: revision.repo ?? { provider, repository } }));
};

/** A git-triggered run names its commit in the trigger: the revision of a single-source pipeline. */
const triggerRevision = (summary: ExecutionSummary): SourceRevision[] => {
  const trigger = summary.trigger;
  if (!trigger?.commitId) return [];
  return [
    {
      name: trigger.repository ?? 'Source',
      revisionId: trigger.commitId,
      summary: trigger.commitMessage?.split('\n')[0],
    },
  ];
};

const fromCodePipeline = async (
  summary: ExecutionSummary,
  deps: SummariseChangesDeps,
): Promise<SourceRevision[]> => {
  if (!deps.pipeline) return [];
  const where: PipelineLocation = { account: summary.account, region: summary.region };
  try {
    return await deps.pipeline.executionRevisions(summary.pipeline, summary.executionId, where);
  } catch (error) {
    deps.log.warn('could not read the execution source revisions', {
      pipeline: summary.pipeline,
      executionId: summary.executionId,
      errorMessage: reason(error),
    });
    return [];
  }
};

/**
 * The run's revisions: from its source actions' events, else from CodePipeline (GetPipelineExecution), else
 * the commit its git trigger names. A failure on the way leaves them unknown, never the request unsent.
 */
const revisionsOf = async (
  summary: ExecutionSummary,
  deps: SummariseChangesDeps,
): Promise<SourceRevision[]> => {
  const fromEvents = revisionsOfSummary(summary);
  if (fromEvents.length > 0) return withTriggerRepository(summary, fromEvents);
  const fromApi = await fromCodePipeline(summary, deps);
  return withTriggerRepository(summary, fromApi.length > 0 ? fromApi : triggerRevision(summary));
};

const commitListFor = async (source: SourceChange, deps: SummariseChangesDeps): Promise<CommitList> => {
  if (source.provider !== 'github' || !source.repository || !source.previous)
    return { status: 'not-supported' };
  if (!deps.commits) return { status: 'no-token' };
  try {
    const range = await deps.commits.commitsBetween(
      source.repository,
      source.previous.revisionId,
      source.current.revisionId,
      COMMITS_SHOWN,
    );
    // Without their URLs: renderings rebuild them from the repository (the record stays small).
    const commits = range.commits
      .slice(0, COMMITS_SHOWN)
      .map(({ url: _url, ...commit }) => ({ ...commit, title: commit.title.slice(0, 100) }));
    return { status: 'listed', commits, total: range.total };
  } catch (error) {
    // Never blocks the request: it goes out saying the list is unavailable.
    deps.log.warn('could not list the commits of the change', {
      repository: source.repository,
      errorMessage: reason(error),
    });
    return { status: 'unavailable' };
  }
};

/**
 * What an approval ships: this run's source revisions against those of the last run that got past the
 * approval's stage (looked for among the last {@link LOOKBACK_RUNS} runs), the runs in between by outcome, a
 * compare link per changed source and, for GitHub with a token, the newest commits of each range.
 * @example const changes = await summariseChanges(summary, 'Approval', deps);
 */
export const summariseChanges = async (
  current: ExecutionSummary,
  stage: string,
  deps: SummariseChangesDeps,
): Promise<ChangeSummary> => {
  const { items, more } = await deps.earlier.before(current.pipeline, current, LOOKBACK_RUNS, (run) =>
    passedStage(run, stage),
  );
  const earlier = items.filter((run) => run.executionId !== current.executionId);
  const { base } = findBase(earlier, stage);
  const [revisionsNow, revisionsThen] = await Promise.all([
    revisionsOf(current, deps),
    base ? revisionsOf(base, deps) : Promise.resolve([]),
  ]);
  const summary = summariseRange({ stage, earlier, capped: more, revisionsNow, revisionsThen });
  const sources = await Promise.all(
    summary.sources.map(async (source) =>
      source.compareUrl ? { ...source, commits: await commitListFor(source, deps) } : source,
    ),
  );
  return { ...summary, sources };
};

/** Summarises an approval's change, or undefined when it cannot (the request goes out without it). */
export type ChangeSummariser = (
  current: ExecutionSummary,
  stage: string,
) => Promise<ChangeSummary | undefined>;

/**
 * {@link summariseChanges} that never fails the approval request: a read that fails leaves the summary out
 * (logged), because people must see the gate even when its history cannot be read.
 */
export const createChangeSummariser =
  (deps: SummariseChangesDeps): ChangeSummariser =>
  async (current, stage) => {
    try {
      return await summariseChanges(current, stage, deps);
    } catch (error) {
      deps.log.warn('approval requested without a change summary', {
        pipeline: current.pipeline,
        executionId: current.executionId,
        errorMessage: reason(error),
      });
      return undefined;
    }
  };
