import type { ApprovalRecord } from '../approvals/approval-record';
import type { Actor } from '../audit/audit-entry';
import type { ExecutionState, FailureInfo, TriggerInfo } from '../events/pipeline-event';
import type { ExecutionSummary } from '../history/execution-summary';

/** Where an execution failed, as ops want to see it in a list. */
export interface FailurePoint extends FailureInfo {
  stage?: string;
  action?: string;
  at?: string;
}

/** An execution as listed by the audit API and CLI (the summary without its internal dedupe set). */
export interface ExecutionListItem {
  executionId: string;
  pipeline: string;
  state?: ExecutionState;
  attempt: number;
  startTime: string;
  endTime?: string;
  durationMs?: number;
  lastEventAt: string;
  account?: string;
  region?: string;
  trigger?: TriggerInfo;
  stopComments?: string;
  failure?: FailurePoint;
}

/** An approval as shown to ops: who was asked, who decided, how; never tokens or links. */
export interface ApprovalView {
  approvalId: string;
  pipeline: string;
  /** Where the pipeline runs (many accounts): shown next to the pipeline by the CLI and the web page. */
  account?: string;
  region?: string;
  executionId: string;
  stage: string;
  action: string;
  status: ApprovalRecord['status'];
  requestedAt: string;
  expiresAt: string;
  trigger?: TriggerInfo;
  decision?: 'Approved' | 'Rejected';
  decidedBy?: Actor;
  decidedAt?: string;
  channel?: 'slack' | 'email' | 'console';
  comment?: string;
  emailRecipients: string[];
  /** A quorum (`required` > 1) and the approvals counted towards it so far. */
  required?: number;
  votes?: { by: Actor; channel: 'slack' | 'email'; at: string; comment?: string }[];
}

/** The failed action (or, without one, the failed stage) of a summary. */
const failurePointOf = (summary: ExecutionSummary): FailurePoint | undefined => {
  const failedAction = Object.values(summary.actions)
    .filter((action) => action.state === 'FAILED')
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (failedAction) {
    return {
      stage: failedAction.stage,
      action: failedAction.action,
      at: failedAction.updatedAt,
      ...failedAction.result,
    };
  }
  const failedStage = Object.values(summary.stages).find((stage) => stage.state === 'FAILED');
  return failedStage ? { stage: failedStage.name, at: failedStage.updatedAt } : undefined;
};

/**
 * Maps a stored summary to its list view.
 * @example toExecutionListItem(summary).failure?.stage // 'Build'
 */
export const toExecutionListItem = (summary: ExecutionSummary): ExecutionListItem => ({
  executionId: summary.executionId,
  pipeline: summary.pipeline,
  state: summary.state,
  attempt: summary.attempt,
  startTime: summary.startTime,
  endTime: summary.endTime,
  durationMs: summary.durationMs,
  lastEventAt: summary.lastEventAt,
  account: summary.account,
  region: summary.region,
  trigger: summary.trigger,
  stopComments: summary.stopComments,
  failure: summary.state === 'FAILED' ? failurePointOf(summary) : undefined,
});

/**
 * Maps a stored approval to what ops see (Slack message refs and versions are plumbing, not audit).
 * @example toApprovalView(record).decidedBy?.id // 'jane@example.com'
 */
export const toApprovalView = (record: ApprovalRecord): ApprovalView => ({
  approvalId: record.approvalId,
  pipeline: record.pipeline,
  account: record.account,
  region: record.region,
  executionId: record.executionId,
  stage: record.stage,
  action: record.action,
  status: record.status,
  requestedAt: record.requestedAt,
  expiresAt: record.expiresAt,
  trigger: record.trigger,
  decision: record.decision,
  decidedBy: record.decidedBy,
  decidedAt: record.decidedAt,
  channel: record.channel,
  comment: record.comment,
  emailRecipients: record.emailRecipients ?? [],
  ...(record.required ? { required: record.required } : {}),
  ...(record.votes?.length
    ? { votes: record.votes.map(({ by, channel, at, comment }) => ({ by, channel, at, comment })) }
    : {}),
});
