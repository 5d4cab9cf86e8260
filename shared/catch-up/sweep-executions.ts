import type { PipelinePort } from '../approvals/pipeline-port';
import type { AuditTrail } from '../audit/audit-entry';
import { deliverOnce } from '../delivery/deliver-once';
import type { NotificationStore } from '../delivery/notification-store';
import { PipegateError } from '../errors';
import type { ExecutionState, PipelineEvent } from '../events/pipeline-event';
import type { ExecutionSummary } from '../history/execution-summary';
import { type IngestDeps, recordAndReact } from '../ingest/ingest-envelope';

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
  /** Runs looked at but not resolvable now, moved back in the queue (see {@link nextLookIn}). */
  deferred: number;
}

/** No news for this long: ask CodePipeline whether the run ended while its events were lost. */
const IDLE_MS = 30 * 60_000;
/** Still running after this long without news: say so once, on the record. */
const STUCK_MS = 6 * 3_600_000;
const BATCH = 100;
/** The longest a run the sweeper could not resolve waits for its next look (an approval can wait 7 days). */
const MAX_BACKOFF_MS = 6 * 3_600_000;

/**
 * When to look at a run again that CodePipeline could not resolve (still in progress, unknown, or not
 * answering): after half its silence so far, between IDLE_MS and MAX_BACKOFF_MS. Without this the oldest
 * 100 unresolvable runs would fill every sweep and a run whose final event was lost would never be reached.
 */
export const nextLookIn = (silenceMs: number): number =>
  Math.min(MAX_BACKOFF_MS, Math.max(IDLE_MS, Math.floor(silenceMs / 2)));

const deferRun = async (summary: ExecutionSummary, now: number, deps: SweepExecutionsDeps): Promise<void> => {
  const backoff = nextLookIn(now - Date.parse(summary.lastEventAt));
  // The idle query selects news older than IDLE_MS, so "news at" now + backoff - IDLE_MS is due in `backoff`.
  await deps.ingest.history.deferIdle(summary, new Date(now + backoff - IDLE_MS).toISOString());
};

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

/** An execution in an account pipegate may not ask: logged every sweep, put on the record once. */
const noteUnreachable = async (
  summary: ExecutionSummary,
  error: PipegateError,
  deps: SweepExecutionsDeps,
) => {
  deps.ingest.log.warn('execution sweep skipped: its account is not configured', {
    executionId: summary.executionId,
    account: summary.account,
    region: summary.region,
  });
  await deliverOnce(
    { executionId: summary.executionId, target: 'account-not-configured', key: summary.account ?? 'unknown' },
    async () => {
      await deps.audit.append({
        action: 'execution.reconciled',
        outcome: 'refused',
        reason: 'ACCOUNT_NOT_CONFIGURED',
        channel: 'system',
        pipeline: summary.pipeline,
        executionId: summary.executionId,
        details: {
          account: summary.account ?? 'unknown',
          region: summary.region ?? 'unknown',
          why: error.message,
        },
      });
      return undefined;
    },
    { store: deps.store, log: deps.ingest.log, now: deps.now },
  );
};

/**
 * Events arrive at least once, out of order, and sometimes never: finds unfinished executions with no news
 * (a Query on the sparse RUNNING index), asks CodePipeline how they stand, applies a lost final state, and
 * puts runs with no news for hours on the record once. Runs it cannot resolve now (waiting at an approval,
 * unknown to CodePipeline, or CodePipeline failing) are moved back in the queue with a per-run back-off,
 * so they never crowd out a run whose final event was lost.
 */
export const sweepExecutions = async (deps: SweepExecutionsDeps): Promise<ExecutionSweepResult> => {
  const now = deps.now().getTime();
  const result: ExecutionSweepResult = { reconciled: 0, stuck: 0, deferred: 0 };
  const idle = await deps.ingest.history.listIdle(new Date(now - IDLE_MS).toISOString(), BATCH);
  for (const summary of idle) {
    try {
      const status = await deps.pipeline.executionStatus(summary.pipeline, summary.executionId, {
        account: summary.account,
        region: summary.region,
      });
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
      if (!final) {
        await deferRun(summary, now, deps);
        result.deferred += 1;
      }
    } catch (error) {
      if (error instanceof PipegateError && error.code === 'ACCOUNT_NOT_CONFIGURED') {
        await noteUnreachable(summary, error, deps);
        continue;
      }
      // One execution CodePipeline cannot answer for must not block the others; it is looked at again later.
      deps.ingest.log.warn('execution sweep failed for one execution', {
        executionId: summary.executionId,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
      await deferRun(summary, now, deps).catch(() => undefined);
      result.deferred += 1;
    }
  }
  return result;
};
