import type { TimeRange } from '../audit/time-range';
import { PipegateError } from '../errors';
import type { AuditReader, Page, PageRequest } from './audit-reader';

/** A full CodePipeline execution id; anything shorter is read as a prefix (the web page shows 8 characters). */
const FULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How far back a short id is looked for, and how many items per place at most (Queries, never a Scan). */
export const PREFIX_LOOKBACK_DAYS = 30;
const MAX_ITEMS_PER_PLACE = 1_000;
const PAGE = 200;

const collect = async <T>(fetch: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<T[]> => {
  const items: T[] = [];
  let after: PageRequest['after'];
  do {
    const page = await fetch({ limit: PAGE, after });
    items.push(...page.items);
    after = page.next;
  } while (after && items.length < limit);
  return items;
};

/**
 * The execution a (possibly shortened) id names. A full id, or one that has records under it, is returned
 * as is; a shorter one is matched against the executions that can be found by Query: the pipeline's when
 * `pipeline` is given, else pending approvals, failures and audit entries of the last 30 days.
 * @throws PipegateError NOT_FOUND when nothing matches, INVALID_REQUEST listing the matches when several do
 * @example await resolveExecutionId('df9c3ee1', { reader, now: () => new Date() })
 */
export const resolveExecutionId = async (
  id: string,
  deps: { reader: AuditReader; now: () => Date },
  pipeline?: string,
): Promise<string> => {
  if (FULL_ID.test(id)) return id;
  const exact = await deps.reader.executionRecords(id);
  if (exact.summary || exact.events.length || exact.approvals.length || exact.audit.length) return id;
  const to = deps.now();
  const range: TimeRange = {
    from: new Date(to.getTime() - PREFIX_LOOKBACK_DAYS * 86_400_000).toISOString(),
    to: to.toISOString(),
  };
  const candidates = pipeline
    ? (
        await collect((page) => deps.reader.executionsByPipeline(pipeline, range, page), MAX_ITEMS_PER_PLACE)
      ).map((summary) => summary.executionId)
    : [
        ...(await collect((page) => deps.reader.pendingApprovals(page), MAX_ITEMS_PER_PLACE)),
        ...(await collect((page) => deps.reader.failedExecutions(range, page), MAX_ITEMS_PER_PLACE)),
        ...(await collect(
          (page) => deps.reader.entriesByDay(range, page, { newestFirst: true }),
          MAX_ITEMS_PER_PLACE,
        )),
      ].map((item) => item.executionId);
  const lower = id.toLowerCase();
  const matches = [...new Set(candidates.filter((candidate): candidate is string => !!candidate))].filter(
    (candidate) => candidate.toLowerCase().startsWith(lower),
  );
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new PipegateError(
      'INVALID_REQUEST',
      `${id} matches ${matches.length} executions, give more of the id: ${matches.slice(0, 10).join(', ')}`,
    );
  }
  const where = pipeline
    ? `${pipeline}'s executions of the last ${PREFIX_LOOKBACK_DAYS} days`
    : `pending approvals, failures and audit entries of the last ${PREFIX_LOOKBACK_DAYS} days (add --pipeline <name> to search that pipeline's runs)`;
  throw new PipegateError(
    'NOT_FOUND',
    `no execution ${id} is recorded, and no id starting with it in ${where}`,
  );
};
