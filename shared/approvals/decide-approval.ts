import type { Actor, AuditTrail } from '../audit/audit-entry';
import type { PipegateConfig } from '../config/pipegate-config';
import { PipegateError } from '../errors';
import type { Log } from '../logging/log';
import type { ChatPort } from '../notify/chat-port';
import type { ApprovalRecord } from './approval-record';
import type { ApprovalStore } from './approval-store';
import { checkDecision, decidedDetails } from './check-decision';
import { claimApproval, releaseClaim, settleApproval } from './claim-approval';
import { actorLabel, decisionSummary } from './decision-summary';
import type { ApprovalActionState, PipelinePort } from './pipeline-port';
import { type AttemptContext, refuseAttempt } from './refuse-attempt';

export interface DecideInput {
  executionId: string;
  approvalId: string;
  decision: 'Approved' | 'Rejected';
  comment?: string;
  actor: Actor;
  channel: 'slack' | 'email';
}

export interface DecideDeps {
  approvals: ApprovalStore;
  pipeline: PipelinePort;
  audit: AuditTrail;
  config: PipegateConfig;
  chat?: ChatPort;
  log: Log;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Tells Slack (card, approval messages) once the approval is settled, however it ended. */
  announce?: (record: ApprovalRecord) => Promise<void>;
}

/** The approval action can be announced before GetPipelineState shows it; wait briefly (≈ 2 s in all). */
const TOKEN_WAITS_MS = [0, 250, 500, 1_200];
const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const currentState = async (record: ApprovalRecord, deps: DecideDeps): Promise<ApprovalActionState> => {
  let state: ApprovalActionState = { status: 'not-visible' };
  for (const wait of TOKEN_WAITS_MS) {
    if (wait > 0) await (deps.sleep ?? defaultSleep)(wait);
    state = await deps.pipeline.approvalState(record);
    if (state.status !== 'not-visible') return state;
  }
  return state;
};

/** CodePipeline says the approval is no longer waiting: record how it ended, tell everyone, and refuse. */
const completedOutside = async (
  record: ApprovalRecord,
  context: AttemptContext,
  latestStatus: string,
  deps: DecideDeps,
): Promise<never> => {
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
    actor: context.actor,
    channel: context.channel,
    decision: context.decision,
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
  throw new PipegateError('APPROVAL_NOT_ACTIVE', message, {
    details: { status: settled.status, codePipelineStatus: latestStatus },
  });
};

/**
 * Decides a manual approval for both channels (Slack and email links): checks the approver against the
 * policy, claims the decision with one conditional write (exactly one winner among concurrent clicks),
 * fetches the token for this action execution, calls PutApprovalResult naming the approver, then records,
 * audits and announces the outcome. Every refusal is audited.
 */
export const decideApproval = async (input: DecideInput, deps: DecideDeps): Promise<ApprovalRecord> => {
  const context: AttemptContext = {
    actor: input.actor,
    channel: input.channel,
    decision: input.decision,
    comment: input.comment,
    approvalId: input.approvalId,
    executionId: input.executionId,
  };
  const { record, policy } = await checkDecision(input, context, deps);
  if (input.decision === 'Rejected' && policy?.requireRejectComment && !input.comment?.trim()) {
    return refuseAttempt(deps.audit, context, 'COMMENT_REQUIRED', 'A rejection needs a comment.');
  }

  const claim = await claimApproval(
    record,
    { by: input.actor, decision: input.decision, channel: input.channel },
    deps,
  );
  if (!claim.won) {
    return refuseAttempt(
      deps.audit,
      context,
      'ALREADY_DECIDED',
      'Someone else decided this approval first.',
      {
        ...decidedDetails(claim.record),
        ...(claim.record.claim
          ? { decidedBy: actorLabel(claim.record.claim.by), decision: claim.record.claim.decision }
          : {}),
      },
    );
  }
  const claimed = claim.record;
  let state: ApprovalActionState;
  try {
    state = await currentState(claimed, deps);
  } catch (error) {
    await releaseClaim(claimed, deps);
    if (error instanceof PipegateError && error.code === 'ACCOUNT_NOT_CONFIGURED') {
      deps.log.warn('approval refused: its account is not configured', {
        approvalId: claimed.approvalId,
        account: claimed.account,
        region: claimed.region,
      });
      return refuseAttempt(deps.audit, context, 'ACCOUNT_NOT_CONFIGURED', error.message, {
        account: claimed.account ?? 'unknown',
        region: claimed.region ?? 'unknown',
      });
    }
    throw error;
  }
  if (state.status === 'not-in-progress') return completedOutside(claimed, context, state.latestStatus, deps);
  if (state.status === 'not-visible') {
    await releaseClaim(claimed, deps);
    throw new PipegateError(
      'TRANSIENT',
      'CodePipeline does not show this approval as waiting yet; try again shortly.',
    );
  }
  try {
    await deps.pipeline.putApprovalResult({
      account: claimed.account,
      region: claimed.region,
      pipeline: claimed.pipeline,
      stage: claimed.stage,
      action: claimed.action,
      token: state.token,
      status: input.decision,
      summary: decisionSummary(input.decision, input.actor, input.channel, input.comment),
    });
  } catch (error) {
    if (
      error instanceof PipegateError &&
      (error.code === 'ALREADY_DECIDED' || error.code === 'APPROVAL_NOT_ACTIVE')
    ) {
      return completedOutside(claimed, context, 'Completed', deps);
    }
    await releaseClaim(claimed, deps);
    throw error;
  }
  const decided = await settleApproval(
    claimed,
    {
      status: input.decision === 'Approved' ? 'approved' : 'rejected',
      decision: input.decision,
      decidedBy: input.actor,
      decidedAt: deps.now().toISOString(),
      channel: input.channel,
      comment: input.comment?.trim() || undefined,
    },
    deps,
  );
  await deps.audit.append({
    action: 'approval.decided',
    outcome: 'ok',
    actor: input.actor,
    channel: input.channel,
    decision: input.decision,
    comment: decided.comment,
    approvalId: decided.approvalId,
    executionId: decided.executionId,
    pipeline: decided.pipeline,
    stage: decided.stage,
    actionName: decided.action,
  });
  deps.log.info('approval decided', {
    approvalId: decided.approvalId,
    executionId: decided.executionId,
    decision: input.decision,
    channel: input.channel,
  });
  await deps.announce?.(decided);
  return decided;
};
