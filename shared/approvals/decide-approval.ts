import type { Actor, AuditTrail } from '../audit/audit-entry';
import type { PipegateConfig } from '../config/pipegate-config';
import { isTransient } from '../errors';
import type { Log } from '../logging/log';
import type { ChatPort } from '../notify/chat-port';
import { missingRejectComment } from './approval-policy';
import type { ApprovalRecord } from './approval-record';
import type { ApprovalStore } from './approval-store';
import { type AttemptContext, auditRefusal } from './audit-refusal';
import { checkDecision, decidedDetails } from './check-decision';
import { claimApproval, releaseClaim } from './claim-approval';
import { completeDecision, type Decided } from './complete-decision';
import type { DecisionJob } from './decision-job';
import { actorLabel } from './decision-summary';
import { checkFreeze } from './freeze-gate';
import type { PipelinePort } from './pipeline-port';
import { type Refusal, type Refused, refusal, refused } from './refusal';

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

/** The claim is ours: the job the claim holder must complete, and the record as claimed. */
export interface Claimed {
  outcome: 'claimed';
  job: DecisionJob;
  record: ApprovalRecord;
}

/**
 * The fast half of a decision (no CodePipeline call, so it fits Slack's 3 s): checks the approver against
 * the policy and claims the decision with one conditional write — exactly one winner among concurrent
 * clicks. Returns the job that the claim holder must complete ({@link completeDecision}), or the refusal,
 * which is on the audit record when it is returned.
 */
export const claimDecision = async (
  input: DecideInput,
  deps: Pick<DecideDeps, 'approvals' | 'audit' | 'config' | 'chat' | 'now'>,
): Promise<Claimed | Refused> => {
  const attempt: AttemptContext = {
    actor: input.actor,
    channel: input.channel,
    decision: input.decision,
    comment: input.comment,
    approvalId: input.approvalId,
    executionId: input.executionId,
  };
  const refuse = async (why: Refusal, approval?: ApprovalRecord): Promise<Refused> =>
    refused(await auditRefusal(deps.audit, { ...attempt, approval }, why));
  const check = await checkDecision(input, deps);
  if (!check.allowed) return refuse(check.refusal, check.record);
  const { record, policy } = check;
  if (missingRejectComment(policy, input.decision, input.comment)) {
    return refuse(refusal('COMMENT_REQUIRED', 'A rejection needs a comment.'), record);
  }
  const freeze = await checkFreeze(input, record, deps);
  if (!freeze.allowed) return refuse(freeze.refusal, record);
  const { breakGlass } = freeze;
  const claim = await claimApproval(
    record,
    { by: input.actor, decision: input.decision, channel: input.channel },
    deps,
  );
  if (!claim.won) {
    return refuse(
      refusal('ALREADY_DECIDED', 'Someone else decided this approval first.', {
        ...decidedDetails(claim.record),
        ...(claim.record.claim
          ? { decidedBy: actorLabel(claim.record.claim.by), decision: claim.record.claim.decision }
          : {}),
      }),
      record,
    );
  }
  const claimedAt = claim.record.claim?.at ?? deps.now().toISOString();
  return {
    outcome: 'claimed',
    job: { ...input, claimedAt, ...(breakGlass ? { breakGlass } : {}) },
    record: claim.record,
  };
};

/**
 * Decides a manual approval in one go (the email-link POST, which has no 3 s budget): claim, then complete.
 * Returns the decided record or the (audited) refusal. A transient failure gives the claim back at once, so
 * the person can simply try again, and is thrown: it is a fault, not an answer.
 */
export const decideApproval = async (input: DecideInput, deps: DecideDeps): Promise<Decided | Refused> => {
  const claim = await claimDecision(input, deps);
  if (claim.outcome === 'refused') return claim;
  try {
    return await completeDecision(claim.job, deps);
  } catch (error) {
    if (isTransient(error)) await releaseClaim(claim.record, deps);
    throw error;
  }
};
