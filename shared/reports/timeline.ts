import type { AuditEntry } from '../audit/audit-entry';
import { actionOf, type ExecutionState, type PipelineEvent, stageOf } from '../events/pipeline-event';
import { orderedStages } from '../history/execution-summary';
import type { ExecutionRecords } from './audit-reader';
import {
  type ApprovalView,
  type ExecutionListItem,
  type FailurePoint,
  toApprovalView,
  toExecutionListItem,
} from './read-models';

export interface StageDuration {
  name: string;
  state: ExecutionState;
  attempt: number;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
}

/** One execution, end to end: what ran, how long each stage took, what failed, who approved and who tried. */
export interface ExecutionTimeline {
  executionId: string;
  /** Absent only when history exists but the summary has not been written yet (repaired by redelivery). */
  execution?: ExecutionListItem;
  stages: StageDuration[];
  failures: FailurePoint[];
  approvals: ApprovalView[];
  /** Every recorded state change, oldest first. */
  events: PipelineEvent[];
  /** Every audit entry of the execution, refused attempts included, oldest first. */
  audit: AuditEntry[];
}

const LEVEL_ORDER = { pipeline: 0, stage: 1, action: 2 } as const;

/** Time order; at the same instant, a pipeline event before its stage before its action. */
const byTime = (a: PipelineEvent, b: PipelineEvent): number =>
  a.time.localeCompare(b.time) || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level];

const failuresFrom = (events: PipelineEvent[]): FailurePoint[] => {
  const actionFailures = events.filter((event) => event.level === 'action' && event.state === 'FAILED');
  // Without a failed action (e.g. a stage failed on its own), the failed stages are the best we know.
  const failures = actionFailures.length
    ? actionFailures
    : events.filter((event) => event.level === 'stage' && event.state === 'FAILED');
  return failures.map((event) => ({
    at: event.time,
    stage: stageOf(event),
    action: actionOf(event),
    ...(event.level === 'action' ? event.result : undefined),
  }));
};

/**
 * Assembles an execution's timeline from its partition. Failures come from history, so a failure that a
 * retry later fixed still shows up.
 * @example buildTimeline('e-1', await reader.executionRecords('e-1')).stages[0]?.durationMs
 */
export const buildTimeline = (executionId: string, records: ExecutionRecords): ExecutionTimeline => {
  const events = [...records.events].sort(byTime);
  const stages = records.summary
    ? orderedStages(records.summary).map((stage) => ({
        name: stage.name,
        state: stage.state,
        attempt: stage.attempt,
        startedAt: stage.startedAt,
        endedAt: stage.endedAt,
        durationMs:
          stage.startedAt && stage.endedAt
            ? Date.parse(stage.endedAt) - Date.parse(stage.startedAt)
            : undefined,
      }))
    : [];
  return {
    executionId,
    execution: records.summary ? toExecutionListItem(records.summary) : undefined,
    stages,
    failures: failuresFrom(events),
    approvals: records.approvals
      .map(toApprovalView)
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)),
    events,
    audit: [...records.audit].sort((a, b) => a.id.localeCompare(b.id)),
  };
};
