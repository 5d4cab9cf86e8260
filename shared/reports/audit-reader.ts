import type { ApprovalRecord } from '../approvals/approval-record';
import type { AuditAction, AuditEntry } from '../audit/audit-entry';
import type { Position } from '../audit/cursor';
import type { TimeRange } from '../audit/time-range';
import type { PipelineEvent } from '../events/pipeline-event';
import type { ExecutionSummary } from '../history/execution-summary';

/** One page of a read: at most `limit` items, and where to continue when there are more. */
export interface PageRequest {
  limit: number;
  after?: Position | undefined;
}

export interface Page<T> {
  items: T[];
  /** Present only when at least one more item exists (never an empty last page). */
  next?: Position;
}

/** Everything stored under one execution, as read in one partition query. */
export interface ExecutionRecords {
  summary?: ExecutionSummary;
  events: PipelineEvent[];
  approvals: ApprovalRecord[];
  audit: AuditEntry[];
}

/**
 * Port: the read side of history, approvals and the audit trail. Every method is a Query on a key or index
 * (never a Scan); time windows are inclusive.
 */
export interface AuditReader {
  /** Executions of one pipeline that started in the window, newest first. */
  executionsByPipeline(
    pipeline: string,
    range: TimeRange,
    page: PageRequest,
  ): Promise<Page<ExecutionSummary>>;
  /** Summary, events, approvals and audit entries of one execution (unordered). */
  executionRecords(executionId: string): Promise<ExecutionRecords>;
  /** Audit entries of one actor in the window, newest first, optionally only some actions. */
  entriesByActor(
    actorId: string,
    range: TimeRange,
    page: PageRequest,
    actions?: readonly AuditAction[],
  ): Promise<Page<AuditEntry>>;
  /** Audit entries in the window, by day bucket; oldest first unless `newestFirst`. */
  entriesByDay(
    range: TimeRange,
    page: PageRequest,
    options?: { actions?: readonly AuditAction[]; newestFirst?: boolean },
  ): Promise<Page<AuditEntry>>;
  /** Failed executions that ended in the window, newest first. */
  failedExecutions(range: TimeRange, page: PageRequest): Promise<Page<ExecutionSummary>>;
  /** Pending approvals, soonest expiry first. */
  pendingApprovals(page: PageRequest): Promise<Page<ApprovalRecord>>;
}
