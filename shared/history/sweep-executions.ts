import type { PipelinePort } from '../approvals/pipeline-port';
import type { AuditTrail } from '../audit/audit-entry';
import type { ExecutionState, PipelineEvent } from '../events/pipeline-event';
import { type IngestDeps, recordAndReact } from '../ingest/ingest-envelope';
import { deliverOnce } from '../notify/deliver-once';
import type { NotificationStore } from '../notify/notification-store';
import type { ExecutionSummary } from './execution-summary';

export interface SweepExecutionsDeps {
  ingest: IngestDeps;
  pipeline: Pick<PipelinePort, 'executionStatus'>;
  audit: AuditTrail;
  store: NotificationStore;
  now: () => Date;
}

export interface ExecutionSweepResult {
  reconciled: number;
  stuck: number;
}

/** No news for this long: ask CodePipeline whether the run ended while its events were lost. */
const IDLE_MS = 30 * 60_000;
/** Still running after this long without news: say so once, on the record. */
const STUCK_MS = 6 * 3_600_000;
const BATCH = 100;

/** CodePipeline's execution statuses that end a run, as the pipeline-level state its event would carry. */
const FINAL: Record<string, ExecutionState> = {
  Succeeded: 'SUCCEEDED',
  Failed: 'FAILED',
  Stopped: 'STOPPED',
  Superseded: 'SUPERSEDED',
  Cancelled: 'CANCELED',
};

const reconcile = async (
  summary: ExecutionSummary,
  state: ExecutionState,
  status: string,
  deps: SweepExecutionsDeps,
) => {
  const event: PipelineEvent = {
    eventId: `reconciled:${summary.executionId}`,
    level: 'pipeline',
    account: summary.account,
    region: summary.region,
    pipeline: summary.pipeline,
    executionId: summary.executionId,
    state,
    time: deps.now().toISOString(),
    executionStartTime: summary.startTime,
    attempt: summary.attempt,
  };
  // Through the same path as a real event: summary, card, thread replies and emails all catch up.
  await recordAndReact(event, deps.ingest);
  await deps.audit.append({
    action: 'execution.reconciled',
    outcome: 'ok',
    channel: 'system',
    pipeline: summary.pipeline,
    executionId: summary.executionId,
    details: { codePipelineStatus: status, lastEventAt: summary.lastEventAt },
  });
};

/**
 * Events arrive at least once, out of order, and sometimes never: finds unfinished executions with no news
 * (a Query on the sparse RUNNING index), asks CodePipeline how they stand, applies a lost final state, and
 * puts runs with no news for hours on the record once.
 */
export const sweepExecutions = async (deps: SweepExecutionsDeps): Promise<ExecutionSweepResult> => {
  const now = deps.now().getTime();
  const result: ExecutionSweepResult = { reconciled: 0, stuck: 0 };
  const idle = await deps.ingest.history.listIdle(new Date(now - IDLE_MS).toISOString(), BATCH);
  for (const summary of idle) {
    try {
      const status = await deps.pipeline.executionStatus(summary.pipeline, summary.executionId);
      const final = status ? FINAL[status] : undefined;
      if (final && status) {
        await reconcile(summary, final, status, deps);
        result.reconciled += 1;
      } else if (
        status === 'InProgress' &&
        now - Date.parse(summary.lastEventAt) > STUCK_MS &&
        // Waiting at a manual approval is people being slow, not a stuck run (the approval sweeper reminds).
        !Object.values(summary.actions).some(
          (action) => action.category === 'Approval' && action.state === 'STARTED',
        )
      ) {
        const noted = await deliverOnce(
          { executionId: summary.executionId, target: 'stuck', key: summary.lastEventAt },
          async () => {
            await deps.audit.append({
              action: 'execution.stuck',
              outcome: 'ok',
              channel: 'system',
              pipeline: summary.pipeline,
              executionId: summary.executionId,
              details: { lastEventAt: summary.lastEventAt },
            });
            return undefined;
          },
          { store: deps.store, log: deps.ingest.log, now: deps.now },
        );
        if (noted === 'sent') result.stuck += 1;
      }
    } catch (error) {
      // One execution CodePipeline cannot answer for must not block the others; the next sweep retries.
      deps.ingest.log.warn('execution sweep failed for one execution', {
        executionId: summary.executionId,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
};
