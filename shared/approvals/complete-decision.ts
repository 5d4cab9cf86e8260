import { PipegateError } from '../errors';
import { sleep } from '../runtime/sleep';
import type { ApprovalRecord } from './approval-record';
import { type AttemptContext, auditRefusal } from './audit-refusal';
import { releaseClaim, settleApproval } from './claim-approval';
import type { DecideDeps } from './decide-approval';
import type { DecisionJob } from './decision-job';
import { actorLabel, decisionSummary, quorumSummary } from './decision-summary';
import type { ApprovalActionState } from './pipeline-port';
import { type Refusal, type Refused, refusal, refused } from './refusal';

/** The decision went through: CodePipeline took it and the record says so. */
export interface Decided {
  outcome: 'decided';
  record: ApprovalRecord;
}

/** The approval action can be announced before GetPipelineState shows it; wait briefly (≈ 2 s in all). */
const TOKEN_WAITS_MS = [0, 250, 500, 1_200];

const currentState = async (record: ApprovalRecord, deps: DecideDeps): Promise<ApprovalActionState> => {
  let state: ApprovalActionState = { status: 'not-visible' };
  for (const wait of TOKEN_WAITS_MS) {
    if (wait > 0) await (deps.sleep ?? sleep)(wait);
    state = await deps.pipeline.approvalState(record);
    if (state.status !== 'not-visible') return state;
  }
  return state;
};

const contextOf = (job: DecisionJob, record?: ApprovalRecord): AttemptContext => ({
  actor: job.actor,
  channel: job.channel,
  decision: job.decision,
  comment: job.comment,
  approvalId: job.approvalId,
  executionId: job.executionId,
  approval: record,
});

/** Puts the refused job on the record and returns the refusal. */
const refuseOn = async (
  job: DecisionJob,
  record: ApprovalRecord | undefined,
  why: Refusal,
  deps: Pick<DecideDeps, 'audit'>,
): Promise<Refused> => refused(await auditRefusal(deps.audit, contextOf(job, record), why));

/** The summary CodePipeline shows: the approver, or every approver of a reached quorum (its votes). */
const summaryOf = (job: DecisionJob, record: ApprovalRecord): string =>
  job.decision === 'Approved' && (record.votes?.length ?? 0) > 1
    ? quorumSummary(record.votes ?? [])
    : decisionSummary(job.decision, job.actor, job.channel, job.comment);

/**
 * CodePipeline shows the action finished the way this job decides it, with this job's summary: our own
 * PutApprovalResult went through even if its response was lost (a crash, a timeout, a retried request).
 */
const finishedByUs = (state: ApprovalActionState, job: DecisionJob, record: ApprovalRecord): boolean =>
  state.status === 'not-in-progress' &&
  state.latestStatus === (job.decision === 'Approved' ? 'Succeeded' : 'Failed') &&
  state.summary === summaryOf(job, record);

/** A quorum's decision names every approver on the audit record, not only the one who completed it. */
const approversDetails = (record: ApprovalRecord, job: DecisionJob) => {
  const votes = record.votes ?? [];
  if (job.decision !== 'Approved' || votes.length < 2) return {};
  return {
    details: {
      approvers: votes.map((vote) => `${actorLabel(vote.by)} via ${vote.channel}`).join('; '),
      required: String(record.required ?? votes.length),
    },
  };
};

const settledByUs = (record: ApprovalRecord, job: DecisionJob): boolean =>
  record.status !== 'pending' &&
  record.decision === job.decision &&
  record.channel === job.channel &&
  record.decidedBy?.id === job.actor.id &&
  // Records decided before `decidedUnder` existed are matched on the person alone.
  (record.decidedUnder === undefined || record.decidedUnder === job.claimedAt);

const holdsClaim = (record: ApprovalRecord, job: DecisionJob): boolean =>
  record.status === 'pending' && record.claim?.at === job.claimedAt && record.claim.by.id === job.actor.id;

/**
 * Records a decision CodePipeline has accepted: the audit entry (keyed by the claim, so a retried job
 * writes it once), the approval record, then Slack. Each step is repeatable, so a crash between any two is
 * repaired by running the job again.
 */
const recordDecided = async (
  record: ApprovalRecord,
  job: DecisionJob,
  deps: DecideDeps,
): Promise<Decided> => {
  // The decision and, for a break-glass, its own entry (so "who broke a freeze, when, why" is one query on
  // the action) share what they say of the person and the approval.
  const entry = {
    at: job.claimedAt,
    outcome: 'ok' as const,
    actor: job.actor,
    channel: job.channel,
    decision: job.decision,
    comment: job.comment?.trim() || undefined,
    approvalId: record.approvalId,
    executionId: record.executionId,
    pipeline: record.pipeline,
    stage: record.stage,
    actionName: record.action,
  };
  await deps.audit.append({
    ...entry,
    dedupeKey: `decided-${job.approvalId}`,
    action: 'approval.decided',
    ...approversDetails(record, job),
  });
  if (job.breakGlass) {
    await deps.audit.append({
      ...entry,
      dedupeKey: `break-glass-${job.approvalId}`,
      action: 'approval.break-glass',
      details: { freeze: job.breakGlass.freezes.join(', '), until: job.breakGlass.until },
    });
  }
  const decided = settledByUs(record, job)
    ? record
    : await settleApproval(
        record,
        {
          status: job.decision === 'Approved' ? 'approved' : 'rejected',
          decision: job.decision,
          decidedBy: job.actor,
          decidedAt: deps.now().toISOString(),
          decidedUnder: job.claimedAt,
          channel: job.channel,
          comment: job.comment?.trim() || undefined,
          ...(job.breakGlass ? { breakGlass: { freezes: job.breakGlass.freezes } } : {}),
        },
        deps,
      );
  deps.log.info('approval decided', {
    approvalId: decided.approvalId,
    executionId: decided.executionId,
    decision: job.decision,
    channel: job.channel,
  });
  await deps.announce?.(decided);
  return { outcome: 'decided', record: decided };
};

/**
 * CodePipeline says the approval is no longer waiting, and not because of us: record how it ended (its own
 * audit entry, `approval.completed-outside`) and refuse.
 */
const completedOutside = async (
  record: ApprovalRecord,
  job: DecisionJob,
  latestStatus: string,
  deps: DecideDeps,
): Promise<Refused> => {
  const expired = latestStatus === 'Failed' && deps.now().toISOString() >= record.expiresAt;
  const settled = await settleApproval(
    record,
    { status: expired ? 'expired' : 'completed-outside', channel: 'console' },
    deps,
  );
  await deps.audit.append({
    action: 'approval.completed-outside',
    outcome: 'refused',
    reason: 'APPROVAL_NOT_ACTIVE',
    actor: job.actor,
    channel: job.channel,
    decision: job.decision,
    approvalId: record.approvalId,
    executionId: record.executionId,
    pipeline: record.pipeline,
    stage: record.stage,
    actionName: record.action,
    details: { codePipelineStatus: latestStatus },
  });
  await deps.announce?.(settled);
  const message = expired
    ? 'This approval expired before anyone decided it.'
    : 'This approval was already completed outside pipegate (console or CLI).';
  return refused(
    refusal('APPROVAL_NOT_ACTIVE', message, { status: settled.status, codePipelineStatus: latestStatus }),
  );
};

const afterRejectedPut = async (
  record: ApprovalRecord,
  job: DecisionJob,
  deps: DecideDeps,
): Promise<Decided | Refused> => {
  const state = await deps.pipeline.approvalState(record);
  if (finishedByUs(state, job, record)) return recordDecided(record, job, deps);
  return completedOutside(
    record,
    job,
    state.status === 'not-in-progress' ? state.latestStatus : 'Completed',
    deps,
  );
};

/**
 * Where the approval stands in CodePipeline; an approval in an account pipegate may not reach is refused
 * (audited) and its claim given back — no retry could change that until the config does.
 */
const stateOrRefusal = async (
  record: ApprovalRecord,
  job: DecisionJob,
  deps: DecideDeps,
): Promise<ApprovalActionState | Refused> => {
  try {
    return await currentState(record, deps);
  } catch (error) {
    if (!(error instanceof PipegateError) || error.code !== 'ACCOUNT_NOT_CONFIGURED') throw error;
    await releaseClaim(record, deps);
    deps.log.warn('approval refused: its account is not configured', {
      approvalId: record.approvalId,
      account: record.account,
      region: record.region,
    });
    return refuseOn(
      job,
      record,
      refusal('ACCOUNT_NOT_CONFIGURED', error.message, {
        account: record.account ?? 'unknown',
        region: record.region ?? 'unknown',
      }),
      deps,
    );
  }
};

/**
 * The slow half of a decision, run by whoever holds the claim (the Slack decider, or the email link at
 * once): fetches the token for this action execution, calls PutApprovalResult naming the approver, then
 * audits, records and announces. Idempotent, because async invokes are at-least-once: a job already done
 * is acknowledged, a PutApprovalResult that went through before a crash is recognised (never sent twice),
 * and a job whose claim is gone decides nothing (refused, on the record). Transient failures are thrown with
 * the claim kept: they are faults for the retry, not answers.
 */
export const completeDecision = async (job: DecisionJob, deps: DecideDeps): Promise<Decided | Refused> => {
  const record = await deps.approvals.get(job.executionId, job.approvalId);
  if (!record) return refuseOn(job, undefined, refusal('NOT_FOUND', 'No such approval.'), deps);
  if (settledByUs(record, job)) return recordDecided(record, job, deps);
  if (!holdsClaim(record, job)) {
    const winner =
      record.claim ?? (record.decidedBy ? { by: record.decidedBy, decision: record.decision } : undefined);
    return refuseOn(
      job,
      record,
      refusal('ALREADY_DECIDED', 'Someone else decided this approval first.', {
        status: record.status,
        ...(winner?.by ? { decidedBy: actorLabel(winner.by) } : {}),
        ...(winner?.decision ? { decision: winner.decision } : {}),
      }),
      deps,
    );
  }
  const state = await stateOrRefusal(record, job, deps);
  if ('outcome' in state) return state;
  if (finishedByUs(state, job, record)) return recordDecided(record, job, deps);
  if (state.status === 'not-in-progress') return completedOutside(record, job, state.latestStatus, deps);
  if (state.status === 'not-visible') {
    throw new PipegateError('TRANSIENT', 'CodePipeline does not show this approval as waiting yet.');
  }
  try {
    await deps.pipeline.putApprovalResult({
      account: record.account,
      region: record.region,
      pipeline: record.pipeline,
      stage: record.stage,
      action: record.action,
      token: state.token,
      status: job.decision,
      summary: summaryOf(job, record),
    });
  } catch (error) {
    const completed =
      error instanceof PipegateError &&
      (error.code === 'ALREADY_DECIDED' || error.code === 'APPROVAL_NOT_ACTIVE');
    // ApprovalAlreadyCompleted after a lost response is our own earlier call: look before refusing.
    if (completed) return afterRejectedPut(record, job, deps);
    throw error;
  }
  return recordDecided(record, job, deps);
};
