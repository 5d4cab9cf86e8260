import type { ExecutionState } from '../events/pipeline-event';

/**
 * Forward-only ordering of states (DESIGN.md §4): STARTED < RESUMED < STOPPING < any terminal state.
 * Terminal states share one rank, so the first terminal state recorded for an attempt wins.
 */
const RANK: Record<ExecutionState, number> = {
  STARTED: 1,
  RESUMED: 2,
  STOPPING: 3,
  SUCCEEDED: 4,
  FAILED: 4,
  CANCELED: 4,
  STOPPED: 4,
  SUPERSEDED: 4,
  ABANDONED: 4,
};

export const isTerminal = (state: ExecutionState): boolean => RANK[state] === 4;

export interface Progress {
  state: ExecutionState;
  attempt: number;
}

/**
 * True when `next` is later than `current`. A retry (higher pipeline-execution-attempt) restarts the
 * ladder, so a STARTED of attempt 2 is later than FAILED of attempt 1.
 */
export const isLater = (next: Progress, current: Progress | undefined): boolean => {
  if (!current) return true;
  if (next.attempt !== current.attempt) return next.attempt > current.attempt;
  return RANK[next.state] > RANK[current.state];
};
