import type { Actor, AuditTrail } from '../audit/audit-entry';
import type { ApprovalPolicy, PipegateConfig } from '../config/pipegate-config';
import type { ChatPort } from '../delivery/chat-port';
import { isTransient } from '../errors';
import type { Log } from '../logging/log';
import { missingRejectComment } from './approval-policy';
import type { ApprovalRecord } from './approval-record';
import type { ApprovalStore } from './approval-store';
import { type AttemptContext, auditRefusal } from './audit-refusal';
import { checkDecision, decidedDetails } from './check-decision';
import { claimApproval, releaseClaim } from './claim-approval';
import { completeDecision, type Decided } from './complete-decision';
import type { DecisionJob } from './decision-job';
import { actorLabel } from './decision-summary';
import { type BreakGlassUse, checkFreeze } from './freeze-gate';
import type { PipelinePort } from './pipeline-port';
import { recordVote, voterGroups } from './record-vote';
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

/** An approval vote counted towards a quorum that is not reached yet: nothing for CodePipeline. */
export interface Counted {
  outcome: 'counted';
  record: ApprovalRecord;
}

type ClaimDecisionDeps = Pick<DecideDeps, 'approvals' | 'audit' | 'config' | 'chat' | 'now'>;

/**
 * The fast half of a decision (no CodePipeline call, so it fits Slack's 3 s): checks the approver against
 * the policy and claims the decision with one conditional write — exactly one winner among concurrent
 * clicks. With `required: N` an approval is a vote ({@link castVote}): counted, or — the vote that reaches
 * N — claimed; a reject still decides at once. Returns the job that the claim holder must complete
 * ({@link completeDecision}), the counted vote, or the refusal, which is on the audit record when returned.
 */
export const claimDecision = async (
  input: DecideInput,
  deps: ClaimDecisionDeps,
): Promise<Claimed | Counted | Refused> => {
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
  if (input.decision === 'Approved' && policy && policy.required > 1) {
    return castVote(input, record, policy, { attempt, breakGlass }, deps);
  }
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

const voteRefusalMessage = (reason: string, details: Record<string, string>, policy: ApprovalPolicy) => {
  if (reason === 'ALREADY_VOTED') return 'Your approval already counts; this approval needs someone else.';
  const groups = policy.slack.userGroups.join(', ');
  return details.why === 'no-listed-group'
    ? `This approval needs approvers from ${policy.required} different user groups (${groups}), and you are in none of them.`
    : `Someone from your user group already approved; this approval needs one from another group (${groups}).`;
};

/**
 * An approval under a quorum: the vote is stored on the record (conditional write), audited as
 * `approval.vote`, and — if it is the vote that reaches `required` — holds the claim, so its job calls
 * PutApprovalResult naming every approver.
 */
const castVote = async (
  input: DecideInput,
  record: ApprovalRecord,
  policy: ApprovalPolicy,
  context: { attempt: AttemptContext; breakGlass: BreakGlassUse | undefined },
  deps: ClaimDecisionDeps,
): Promise<Claimed | Counted | Refused> => {
  const refuse = async (why: Refusal, approval: ApprovalRecord): Promise<Refused> =>
    refused(await auditRefusal(deps.audit, { ...context.attempt, approval }, why));
  const groups = await voterGroups(policy, input.actor, deps.chat);
  const comment = input.comment?.trim() || undefined;
  const result = await recordVote(
    record,
    {
      by: input.actor,
      channel: input.channel,
      ...(comment ? { comment } : {}),
      ...(groups ? { groups } : {}),
    },
    policy,
    deps,
  );
  if (result.kind === 'settled') {
    return refuse(
      refusal('ALREADY_DECIDED', 'Someone else decided this approval first.', {
        ...decidedDetails(result.record),
        ...(result.record.claim
          ? { decidedBy: actorLabel(result.record.claim.by), decision: result.record.claim.decision }
          : {}),
      }),
      record,
    );
  }
  if (result.kind === 'refused') {
    return refuse(
      refusal(result.reason, voteRefusalMessage(result.reason, result.details, policy), result.details),
      record,
    );
  }
  const votes = result.record.votes ?? [];
  await deps.audit.append({
    action: 'approval.vote',
    outcome: 'ok',
    actor: input.actor,
    channel: input.channel,
    decision: 'Approved',
    comment,
    approvalId: record.approvalId,
    executionId: record.executionId,
    pipeline: record.pipeline,
    stage: record.stage,
    actionName: record.action,
    details: {
      counted: `${votes.length} of ${policy.required}`,
      quorum: result.takenOver ? 'taken-over' : result.reached ? 'reached' : 'waiting',
      // Whose decision died with its decider: the audit trail shows why a second person completed it.
      ...(result.takenOver
        ? { staleClaimBy: actorLabel(result.takenOver.by), staleClaimAt: result.takenOver.at }
        : {}),
      ...(groups ? { groups: groups.join(', ') } : {}),
    },
  });
  const claimedAt = result.record.claim?.at;
  if (!result.reached || !claimedAt) return { outcome: 'counted', record: result.record };
  const { breakGlass } = context;
  return {
    outcome: 'claimed',
    job: { ...input, claimedAt, ...(breakGlass ? { breakGlass } : {}) },
    record: result.record,
  };
};

/**
 * Decides a manual approval in one go (the email-link POST, which has no 3 s budget): claim, then complete.
 * Returns the decided record or the (audited) refusal. A transient failure gives the claim back at once, so
 * the person can simply try again, and is thrown: it is a fault, not an answer.
 */
export const decideApproval = async (
  input: DecideInput,
  deps: DecideDeps,
): Promise<Decided | Counted | Refused> => {
  const claim = await claimDecision(input, deps);
  if (claim.outcome === 'refused') return claim;
  if (claim.outcome === 'counted') {
    // A vote counted towards a quorum: the messages show the progress; CodePipeline still waits.
    await deps.announce?.(claim.record);
    return claim;
  }
  try {
    return await completeDecision(claim.job, deps);
  } catch (error) {
    if (isTransient(error)) await releaseClaim(claim.record, deps);
    throw error;
  }
};
