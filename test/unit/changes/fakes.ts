import type {
  CommitRange,
  EarlierExecutions,
  ExecutionRevisions,
} from '../../../shared/changes/change-ports';
import type { SourceRevision } from '../../../shared/changes/source-revision';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import type { Log } from '../../../shared/logging/log';

/** In-memory {@link EarlierExecutions}: the runs by start time, newest first, honouring the limit. */
export const earlierFrom = (runs: ExecutionSummary[]): EarlierExecutions & { reads: number } => {
  const fake = {
    reads: 0,
    async before(pipeline: string, current: { startTime: string; executionId: string }, limit: number) {
      fake.reads += 1;
      const key = (run: { startTime: string; executionId: string }) => `${run.startTime}#${run.executionId}`;
      const older = runs
        .filter((run) => run.pipeline === pipeline && key(run) < key(current))
        .sort((a, b) => key(b).localeCompare(key(a)));
      return { items: older.slice(0, limit), more: older.length > limit };
    },
  };
  return fake;
};

export const revisionsFrom = (
  byExecution: Record<string, SourceRevision[]>,
): ExecutionRevisions & { asked: string[] } => {
  const fake = {
    asked: [] as string[],
    async executionRevisions(_pipeline: string, executionId: string) {
      fake.asked.push(executionId);
      return byExecution[executionId] ?? [];
    },
  };
  return fake;
};

export const commitsFrom = (
  answer: (repository: string, base: string, head: string) => ReturnType<CommitRange['commitsBetween']>,
): CommitRange & { calls: string[] } => {
  const fake = {
    calls: [] as string[],
    commitsBetween(repository: string, base: string, head: string, _limit: number) {
      fake.calls.push(`${repository} ${base}...${head}`);
      return answer(repository, base, head);
    },
  };
  return fake;
};

export const quietLog = (): Log & { warnings: string[] } => {
  const warnings: string[] = [];
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string) => {
      warnings.push(message);
    },
    error: () => undefined,
  };
};
