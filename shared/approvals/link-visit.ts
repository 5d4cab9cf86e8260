import type { Actor } from '../audit/audit-entry';
import { refuseUnauthenticated } from '../audit/unauthenticated';
import { PipegateError } from '../errors';
import type { ActiveFreeze } from '../freezes/active-freezes';
import type { ExecutionSummary } from '../history/execution-summary';
import type { HistoryStore } from '../history/history-store';
import { type LinkDecision, type LinkPayload, verifyApprovalLink } from './approval-link';
import { type ApprovalTarget, approvalPolicyFor, missingRejectComment } from './approval-policy';
import type { ApprovalRecord } from './approval-record';
import { type AttemptContext, auditRefusal } from './audit-refusal';
import { checkDecision } from './check-decision';
import { type DecideDeps, decideApproval } from './decide-approval';
import { freezeGate } from './freeze-gate';
import type { LinkKeys } from './link-keys';
import { type Refusal, type Refused, refusal, refused } from './refusal';

export interface LinkDeps {
  decide: DecideDeps;
  linkKeys: LinkKeys;
  history: Pick<HistoryStore, 'getSummary'>;
}

export interface LinkForm {
  decision?: string;
  comment?: string;
}

/** A change freeze holding the approval now, and whether this person may break it. */
export interface FreezeOnForm {
  freezes: ActiveFreeze[];
  canBreak: boolean;
}

/** What the confirm form shows: the approval, its run, and the terms of this person's link. */
export interface ConfirmForm {
  approval: ApprovalRecord;
  summary?: ExecutionSummary;
  /** The verified link token, posted back by the form. */
  token: string;
  decision: LinkDecision;
  recipient: string;
  requireRejectComment: boolean;
  /** The link's own expiry. */
  expiresAt: Date;
  freeze?: FreezeOnForm;
}

/** A GET's outcome: the form to confirm, or why there is none. Nothing is recorded either way. */
export type LinkVisit = { outcome: 'form'; form: ConfirmForm } | Refused;

/**
 * A POST's outcome. `form-again`: a mistake in the form (no reject comment, no break-glass reason) — the
 * link is not used and nothing is recorded. A refusal is on the record when a genuine link was acted on.
 */
export type LinkAnswer =
  | { outcome: 'form-again'; form: ConfirmForm; missing: 'reject-comment' | 'freeze-reason' }
  | { outcome: 'counted'; approval: ApprovalRecord; by: string; at: string; comment?: string }
  | {
      outcome: 'decided';
      decision: 'Approved' | 'Rejected';
      approval: ApprovalRecord;
      by: string;
      at: string;
      comment?: string;
    }
  | Refused;

/** A genuine link, and who and what it names. */
type VerifiedLink =
  | { valid: true; payload: LinkPayload; attempt: AttemptContext }
  /** Genuine but expired: it still says whose and which approval it was. */
  | { valid: false; refusal: Refusal; attempt: AttemptContext };

/**
 * Verifies the token. A forged or altered link is counted, never an entry (anyone can send any number), and
 * thrown at once: nobody is behind it to answer. A genuine but expired link names a person and an approval;
 * it is returned refused, for the caller to audit when it was acted on.
 */
const verified = async (token: string, deps: LinkDeps): Promise<VerifiedLink> => {
  try {
    const payload = verifyApprovalLink(token, deps.linkKeys, deps.decide.now());
    const attempt: AttemptContext = {
      channel: 'email',
      actor: actorOf(payload),
      approvalId: payload.a,
      executionId: payload.e,
    };
    return { valid: true, payload, attempt };
  } catch (error) {
    if (!(error instanceof PipegateError)) throw error;
    const why = typeof error.details.reason === 'string' ? error.details.reason : 'invalid';
    if (error.code !== 'LINK_EXPIRED') {
      throw await refuseUnauthenticated(deps.decide, 'approval-link', why, error.message);
    }
    const { approvalId, executionId, recipient } = error.details;
    const attempt: AttemptContext = {
      channel: 'email',
      ...(typeof recipient === 'string' ? { actor: { id: recipient, email: recipient } } : {}),
      ...(typeof approvalId === 'string' ? { approvalId } : {}),
      ...(typeof executionId === 'string' ? { executionId } : {}),
    };
    return { valid: false, refusal: refusal('LINK_EXPIRED', error.message), attempt };
  }
};

const actorOf = (payload: LinkPayload): Actor => ({ id: payload.r, email: payload.r });

/** A change freeze holding the approval now (evaluated on the clock port), for the form. */
const freezeOnForm = async (
  target: ApprovalTarget,
  actor: Actor,
  deps: LinkDeps,
): Promise<FreezeOnForm | undefined> => {
  const gate = await freezeGate(target, actor, deps.decide);
  return gate.frozen ? { freezes: gate.freezes, canBreak: gate.canBreak } : undefined;
};

/** The form for a verified link and its approval. */
const confirmForm = async (
  token: string,
  payload: LinkPayload,
  record: ApprovalRecord,
  requireRejectComment: boolean,
  freeze: FreezeOnForm | undefined,
  deps: LinkDeps,
): Promise<ConfirmForm> => {
  const summary = await deps.history.getSummary(record.executionId);
  return {
    approval: record,
    ...(summary ? { summary } : {}),
    token,
    decision: payload.d,
    recipient: payload.r,
    requireRejectComment,
    expiresAt: new Date(payload.x * 1000),
    ...(freeze ? { freeze } : {}),
  };
};

/**
 * GET: the form to confirm. Changes nothing — mail scanners open links, even old ones, so viewing is not an
 * attempt to decide and its refusals (expired, used, decided, not allowed) are not put on the record; only
 * the POST that decides audits.
 */
export const showApprovalLink = async (token: string, deps: LinkDeps): Promise<LinkVisit> => {
  const link = await verified(token, deps);
  if (!link.valid) return refused(link.refusal);
  const { payload } = link;
  const check = await checkDecision(
    { executionId: payload.e, approvalId: payload.a, actor: actorOf(payload) },
    deps.decide,
  );
  if (!check.allowed) return refused(check.refusal);
  const { record, policy } = check;
  if (await deps.decide.approvals.isLinkNonceUsed(payload.a, payload.n)) {
    return refused(refusal('LINK_USED', 'This link has already been used.'));
  }
  const freeze = await freezeOnForm(record, actorOf(payload), deps);
  const requireRejectComment = policy?.requireRejectComment ?? false;
  return {
    outcome: 'form',
    form: await confirmForm(token, payload, record, requireRejectComment, freeze, deps),
  };
};

/**
 * The decision a form asks for, if the link allows it: an approve or reject link binds its decision. A
 * valid link of a known person with its form altered is refused (the link stays usable).
 */
const formDecision = (
  payload: LinkPayload,
  form: LinkForm,
): { decision: 'Approved' | 'Rejected'; refusal?: Refusal } => {
  const asked = form.decision === 'approve' || form.decision === 'reject' ? form.decision : undefined;
  if (!asked) throw new PipegateError('INVALID_REQUEST', 'choose approve or reject');
  const decision = asked === 'approve' ? 'Approved' : 'Rejected';
  if (payload.d !== 'choose' && payload.d !== asked) {
    return {
      decision,
      refusal: refusal('NOT_ALLOWED', `This link can only ${payload.d}.`, {
        why: 'decision-not-in-link',
        linkDecision: payload.d,
      }),
    };
  }
  return { decision };
};

/**
 * POST: the human confirmation. The link's decision binds (an approve link cannot reject); its nonce is
 * reserved with one conditional write so two posts of one link cannot both proceed, and given back when no
 * decision came of it (refused, or CodePipeline failed transiently) — a person's only link is spent only by
 * a decision. Every refusal of the person behind a genuine link is on the record.
 * @throws PipegateError for a forged link or a form without a decision (nobody to answer), and for faults
 */
export const decideByLink = async (token: string, form: LinkForm, deps: LinkDeps): Promise<LinkAnswer> => {
  const link = await verified(token, deps);
  /** On the record, then as the answer. */
  const audited = async (attempt: AttemptContext, why: Refusal): Promise<Refused> =>
    refused(await auditRefusal(deps.decide.audit, attempt, why));
  if (!link.valid) return audited(link.attempt, link.refusal);
  const { payload } = link;
  const { decision, refusal: formRefusal } = formDecision(payload, form);
  const attempt: AttemptContext = { ...link.attempt, decision };
  if (formRefusal) return audited(attempt, formRefusal);
  const comment = form.comment?.trim() || undefined;
  const record = await deps.decide.approvals.get(payload.e, payload.a);
  const policy = record ? approvalPolicyFor(deps.decide.config, record) : undefined;
  // A missing reject comment or break-glass reason is a form mistake, not a use of the link: show the form again.
  const needsComment = missingRejectComment(policy, decision, comment);
  const freeze = record ? await freezeOnForm(record, actorOf(payload), deps) : undefined;
  const missingReason = decision === 'Approved' && freeze?.canBreak === true && !comment;
  if (record && (needsComment || missingReason)) {
    const requireRejectComment = policy?.requireRejectComment ?? false;
    return {
      outcome: 'form-again',
      form: await confirmForm(token, payload, record, requireRejectComment, freeze, deps),
      missing: missingReason ? 'freeze-reason' : 'reject-comment',
    };
  }
  const usedAt = deps.decide.now().toISOString();
  if (!(await deps.decide.approvals.consumeLinkNonce(payload.a, payload.n, usedAt))) {
    return audited(
      { ...attempt, approval: record },
      refusal('LINK_USED', 'This link has already been used.'),
    );
  }
  const giveLinkBack = () =>
    // The original failure is what the person must hear about; a failed release only costs them the link.
    deps.decide.approvals.releaseLinkNonce(payload.a, payload.n, usedAt).catch((releaseError) => {
      deps.decide.log.warn('could not give back an approval link nonce', {
        approvalId: payload.a,
        error: releaseError instanceof Error ? releaseError.message : String(releaseError),
      });
    });
  let result: Awaited<ReturnType<typeof decideApproval>>;
  try {
    result = await decideApproval(
      {
        executionId: payload.e,
        approvalId: payload.a,
        decision,
        comment,
        actor: actorOf(payload),
        channel: 'email',
      },
      deps.decide,
    );
  } catch (error) {
    await giveLinkBack();
    throw error;
  }
  if (result.outcome === 'refused') {
    // Already on the record (the decision audits its refusals).
    await giveLinkBack();
    return result;
  }
  if (result.outcome === 'counted') {
    const at = deps.decide.now().toISOString();
    return {
      outcome: 'counted',
      approval: result.record,
      by: payload.r,
      at,
      ...(comment ? { comment } : {}),
    };
  }
  const decided = result.record;
  return {
    outcome: 'decided',
    decision,
    approval: decided,
    by: payload.r,
    at: decided.decidedAt ?? deps.decide.now().toISOString(),
    ...(decided.comment ? { comment: decided.comment } : {}),
  };
};
