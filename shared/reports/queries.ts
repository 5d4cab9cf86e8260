import type { AuditAction, AuditEntry } from '../audit/audit-entry';
import { type CursorCodec, type CursorState, hashParams } from '../audit/cursor';
import type {
  ApprovalsParams,
  EntriesParams,
  ExecutionsParams,
  ExportParams,
  FailuresParams,
  PendingParams,
} from '../audit/query-params';
import { resolveTimeRange, type TimeRange, type TimeRangeInput } from '../audit/time-range';
import { PipegateError } from '../errors';
import type { AuditReader, Page } from './audit-reader';
import { DEFAULT_SINCE, type QueryName } from './default-windows';
import {
  type ApprovalView,
  type ExecutionListItem,
  toApprovalView,
  toExecutionListItem,
} from './read-models';
import { buildTimeline, type ExecutionTimeline } from './timeline';

export interface AuditQueryDeps {
  reader: AuditReader;
  cursors: CursorCodec;
  now: () => Date;
}

/** A page as the API and CLI return it. */
export interface ListResult<T> {
  items: T[];
  nextCursor?: string;
}

/** Audit actions that are a decision or an attempt at one (refusals included). */
export const DECISION_ACTIONS: readonly AuditAction[] = [
  'approval.attempt',
  'approval.decided',
  'approval.vote',
  'approval.refused',
  'approval.completed-outside',
];

interface OpenedPage {
  name: QueryName;
  paramsHash: string;
  state?: CursorState;
}

/** The parameters that define a result set: the window as the caller wrote it, plus query-specific ones. */
const openPage = (
  name: QueryName,
  params: Record<string, string | undefined>,
  cursor: string | undefined,
  deps: AuditQueryDeps,
): OpenedPage => {
  const paramsHash = hashParams(params);
  return { name, paramsHash, ...(cursor ? { state: deps.cursors.decode(cursor, name, paramsHash) } : {}) };
};

/** A continued query keeps the window of its first page, so `since=7d` does not drift while paging. */
const windowOf = (opened: OpenedPage, input: TimeRangeInput, deps: AuditQueryDeps): TimeRange =>
  opened.state?.range ?? resolveTimeRange(input, deps.now(), DEFAULT_SINCE[opened.name]);

const closePage = <T, V>(
  opened: OpenedPage,
  range: TimeRange | undefined,
  page: Page<T>,
  view: (item: T) => V,
  deps: AuditQueryDeps,
): ListResult<V> => ({
  items: page.items.map(view),
  ...(page.next
    ? {
        nextCursor: deps.cursors.encode({
          query: opened.name,
          paramsHash: opened.paramsHash,
          ...(range ? { range } : {}),
          position: page.next,
        }),
      }
    : {}),
});

const windowParams = (params: TimeRangeInput) => ({ from: params.from, to: params.to, since: params.since });
const same = <T>(item: T): T => item;

/**
 * Executions of one pipeline in a window, newest first.
 * @example await listExecutions({ pipeline: 'prod-api', since: '7d', limit: 50 }, deps)
 */
export const listExecutions = async (
  params: ExecutionsParams,
  deps: AuditQueryDeps,
): Promise<ListResult<ExecutionListItem>> => {
  const opened = openPage(
    'executions',
    { pipeline: params.pipeline, ...windowParams(params) },
    params.cursor,
    deps,
  );
  const range = windowOf(opened, params, deps);
  const page = await deps.reader.executionsByPipeline(params.pipeline, range, {
    limit: params.limit,
    after: opened.state?.position,
  });
  return closePage(opened, range, page, toExecutionListItem, deps);
};

/**
 * Decisions and attempts (refusals included), newest first: of one approver, or of everybody.
 * @example await listDecisions({ approver: 'jane@example.com', since: '30d', limit: 50 }, deps)
 */
export const listDecisions = async (
  params: ApprovalsParams,
  deps: AuditQueryDeps,
): Promise<ListResult<AuditEntry>> => {
  const opened = openPage(
    'approvals',
    { approver: params.approver, ...windowParams(params) },
    params.cursor,
    deps,
  );
  const range = windowOf(opened, params, deps);
  const request = { limit: params.limit, after: opened.state?.position };
  const page = params.approver
    ? await deps.reader.entriesByActor(params.approver, range, request, DECISION_ACTIONS)
    : await deps.reader.entriesByDay(range, request, { actions: DECISION_ACTIONS, newestFirst: true });
  return closePage(opened, range, page, same, deps);
};

/**
 * Failed executions across pipelines, newest first, by the day they ended (at most 400 days).
 * @example await listFailures({ since: '7d', limit: 50 }, deps)
 */
export const listFailures = async (
  params: FailuresParams,
  deps: AuditQueryDeps,
): Promise<ListResult<ExecutionListItem>> => {
  const opened = openPage('failures', windowParams(params), params.cursor, deps);
  const range = windowOf(opened, params, deps);
  const page = await deps.reader.failedExecutions(range, {
    limit: params.limit,
    after: opened.state?.position,
  });
  return closePage(opened, range, page, toExecutionListItem, deps);
};

/**
 * Approvals still waiting, soonest expiry first.
 * @example await listPending({ limit: 50 }, deps)
 */
export const listPending = async (
  params: PendingParams,
  deps: AuditQueryDeps,
): Promise<ListResult<ApprovalView>> => {
  const opened = openPage('pending', {}, params.cursor, deps);
  const page = await deps.reader.pendingApprovals({ limit: params.limit, after: opened.state?.position });
  return closePage(opened, undefined, page, toApprovalView, deps);
};

/**
 * Audit entries in a window, oldest first (at most 400 days).
 * @example await listAuditEntries({ from: '2026-07-01', to: '2026-09-30', limit: 500 }, deps)
 */
export const listAuditEntries = async (
  params: EntriesParams,
  deps: AuditQueryDeps,
): Promise<ListResult<AuditEntry>> => {
  const opened = openPage('entries', windowParams(params), params.cursor, deps);
  const range = windowOf(opened, params, deps);
  const page = await deps.reader.entriesByDay(range, { limit: params.limit, after: opened.state?.position });
  return closePage(opened, range, page, same, deps);
};

/**
 * One page of an export: like {@link listAuditEntries}, but its cursors only continue exports.
 * @example await exportPage({ format: 'csv', from: '2026-07-01', to: '2026-09-30' }, 500, deps)
 */
export const exportPage = async (
  params: ExportParams,
  limit: number,
  deps: AuditQueryDeps,
): Promise<ListResult<AuditEntry>> => {
  const opened = openPage('export', windowParams(params), params.cursor, deps);
  const range = windowOf(opened, params, deps);
  const page = await deps.reader.entriesByDay(range, { limit, after: opened.state?.position });
  return closePage(opened, range, page, same, deps);
};

/**
 * Every audit entry of an export window, page by page, oldest first.
 * @example for await (const entries of exportPages({ format: 'jsonl', since: '30d' }, deps)) write(entries);
 */
export async function* exportPages(
  params: ExportParams,
  deps: AuditQueryDeps,
  pageSize = 500,
): AsyncGenerator<AuditEntry[]> {
  let cursor = params.cursor;
  do {
    const page = await exportPage({ ...params, cursor }, pageSize, deps);
    yield page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

/**
 * Everything known about one execution.
 * @throws PipegateError NOT_FOUND when nothing is stored under that execution id
 * @example (await getExecutionTimeline('3f1c…', deps)).failures
 */
export const getExecutionTimeline = async (
  executionId: string,
  deps: Pick<AuditQueryDeps, 'reader'>,
): Promise<ExecutionTimeline> => {
  const records = await deps.reader.executionRecords(executionId);
  const empty =
    !records.summary && !records.events.length && !records.approvals.length && !records.audit.length;
  if (empty) throw new PipegateError('NOT_FOUND', `no execution ${executionId} is recorded`);
  return buildTimeline(executionId, records);
};
