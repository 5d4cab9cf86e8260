import type { Actor, AuditTrail } from '../audit/audit-entry';
import type { PipegateConfig } from '../config/pipegate-config';
import { isTransient } from '../errors';
import type { Log } from '../logging/log';
import type { ChatPort } from '../notify/chat-port';
import type { ApprovalRecord } from './approval-record';
import type { ApprovalStore } from './approval-store';
import { checkDecision, decidedDetails } from './check-decision';
import { claimApproval, releaseClaim } from './claim-approval';
import { completeDecision } from './complete-decision';
import type { DecisionJob } from './decision-job';
import { actorLabel } from './decision-summary';
import { checkFreeze } from './freeze-gate';
import type { PipelinePort } from './pipeline-port';
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

/**
 * The fast half of a decision (no CodePipeline call, so it fits Slack's 3 s): checks the approver against
 * the policy and claims the decision with one conditional write — exactly one winner among concurrent
 * clicks. Returns the job that the claim holder must complete ({@link completeDecision}). Every refusal is
 * audited and thrown.
 */
export const claimDecision = async (
  input: DecideInput,
  deps: Pick<DecideDeps, 'approvals' | 'audit' | 'config' | 'chat' | 'now'>,
): Promise<{ job: DecisionJob; record: ApprovalRecord }> => {
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
  const breakGlass = await checkFreeze(input, record, context, deps);
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
  const claimedAt = claim.record.claim?.at ?? deps.now().toISOString();
  return { job: { ...input, claimedAt, ...(breakGlass ? { breakGlass } : {}) }, record: claim.record };
};

/**
 * Decides a manual approval in one go (the email-link POST, which has no 3 s budget): claim, then complete.
 * A transient failure gives the claim back at once, so the person can simply try again.
 */
export const decideApproval = async (input: DecideInput, deps: DecideDeps): Promise<ApprovalRecord> => {
  const { job, record } = await claimDecision(input, deps);
  try {
    return await completeDecision(job, deps);
  } catch (error) {
    if (isTransient(error)) await releaseClaim(record, deps);
    throw error;
  }
};
