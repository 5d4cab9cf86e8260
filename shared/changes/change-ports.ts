import type { PipelineLocation } from '../accounts/account-access';
import type { ExecutionSummary } from '../history/execution-summary';
import type { RangeCommit } from './change-summary';
import type { SourceRevision } from './source-revision';

/** Port: the pipeline's earlier executions as pipegate recorded them (a Query on the by-pipeline index). */
export interface EarlierExecutions {
  /**
   * Executions of `pipeline` that started before the given one, newest first, at most `limit`; `more` when
   * older ones remain. With `until`, reading may stop once a run it accepts was read (later runs are not
   * needed): the result then holds at least every run up to that one.
   */
  before(
    pipeline: string,
    current: { startTime: string; executionId: string },
    limit: number,
    until?: (run: ExecutionSummary) => boolean,
  ): Promise<{ items: ExecutionSummary[]; more: boolean }>;
}

/** Port: CodePipeline's own record of an execution's source revisions (GetPipelineExecution). */
export interface ExecutionRevisions {
  executionRevisions(
    pipeline: string,
    executionId: string,
    where?: PipelineLocation,
  ): Promise<SourceRevision[]>;
}

/** Port: a git host's list of the commits between two revisions (GitHub's compare API). */
export interface CommitRange {
  /** The first `limit` commits after `base` up to `head`, oldest first, and how many there are in all. */
  commitsBetween(
    repository: string,
    base: string,
    head: string,
    limit: number,
  ): Promise<{ commits: RangeCommit[]; total: number }>;
}
