import type { SourceProvider, SourceRevision } from './source-revision';

/** One commit of the range, as the approver sees it. */
export interface RangeCommit {
  sha: string;
  /** First line of the message. */
  title: string;
  author?: string;
  url?: string;
}

/**
 * The commit list of a range: `listed` (the newest ones, newest first as `git log` shows them, with the
 * range's total; lists stored before 2026-12-03 hold the oldest ones, oldest first), or why it is not shown —
 * no token configured, a provider pipegate cannot list, or the provider's API failed (the request still went).
 */
export type CommitList =
  | { status: 'listed'; commits: RangeCommit[]; total: number }
  | { status: 'no-token' }
  | { status: 'not-supported' }
  | { status: 'unavailable' };

/** One source artifact: what goes out now, what went out last time, and how to see the difference. */
export interface SourceChange {
  name: string;
  current: SourceRevision;
  /** The last successful run's revision of the same source; absent for a source that is new since. */
  previous?: SourceRevision;
  provider?: SourceProvider;
  repository?: string;
  compareUrl?: string;
  commits?: CommitList;
}

/** How the executions between the last success and this one ended, e.g. "superseded" ×2, "failed in Build". */
export interface RunOutcome {
  outcome: string;
  count: number;
}

/**
 * What an approval ships, against the last execution that got past the approval's stage. `first-execution`:
 * pipegate has seen no earlier run of the pipeline; `no-success`: earlier runs, none got past the stage
 * within what pipegate keeps (or looks at: `looked` runs).
 */
export interface ChangeSummary {
  basis: 'last-success' | 'first-execution' | 'no-success';
  /** The execution the revisions are compared with. */
  base?: { executionId: string; startTime: string };
  sources: SourceChange[];
  /** Executions that started after the base and before this one (runs whose changes also ship now). */
  between: { count: number; outcomes: RunOutcome[] };
  /** Earlier executions looked at; when no success was among them, the words say "in the last N runs". */
  looked: number;
  /** True when the search stopped at its limit rather than at the start of the kept history. */
  capped: boolean;
}
