import {
  type AuditQueryDeps,
  type ListResult,
  listAuditEntries,
  listExecutions,
  listFailures,
  listPending,
} from '../../shared/reports/queries';
import { PIPELINES } from './audit-plans';
import type { Seeded } from './audit-seed';

/** Follows the cursors to the end and counts what came back. */
const countAll = async <T>(page: (cursor?: string) => Promise<ListResult<T>>): Promise<number> => {
  let count = 0;
  let cursor: string | undefined;
  do {
    const result = await page(cursor);
    count += result.items.length;
    cursor = result.nextCursor;
  } while (cursor);
  return count;
};

/**
 * Pages through every query over the whole seeded window and compares with what was seeded: a query that
 * reads little because it misses items would otherwise look efficient.
 */
export const checkCompleteness = async (seeded: Seeded, deps: AuditQueryDeps, days: number) => {
  const since = `${days}d`;
  let executions = 0;
  for (const pipeline of PIPELINES) {
    executions += await countAll((cursor) => listExecutions({ pipeline, since, limit: 500, cursor }, deps));
  }
  const counts = {
    executions: {
      seeded: seeded.runs.length,
      listed: executions,
    },
    failures: {
      seeded: seeded.runs.filter((run) => run.state === 'FAILED').length,
      listed: await countAll((cursor) => listFailures({ since, limit: 500, cursor }, deps)),
    },
    pending: {
      seeded: seeded.approvals.byFate.pending,
      listed: await countAll((cursor) => listPending({ limit: 500, cursor }, deps)),
    },
    auditEntries: {
      seeded: seeded.auditEntries,
      listed: await countAll((cursor) => listAuditEntries({ since, limit: 500, cursor }, deps)),
    },
  };
  return { ...counts, allMatch: Object.values(counts).every((count) => count.seeded === count.listed) };
};
