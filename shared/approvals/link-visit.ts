import type { Actor, AuditTrail } from '../audit/audit-entry';
import { refuseUnauthenticated } from '../audit/unauthenticated';
import { PipegateError } from '../errors';
import { describeFreeze } from '../freezes/active-freezes';
import type { HistoryStore } from '../history/history-store';
import { executionConsoleUrl } from '../notify/render/console-links';
import { type LinkPayload, verifyApprovalLink } from './approval-link';
import { type ApprovalTarget, approvalPolicyFor } from './approval-policy';
import { checkDecision } from './check-decision';
import { type DecideDeps, decideApproval } from './decide-approval';
import { freezeGate } from './freeze-gate';
import type { LinkKeys } from './link-keys';
import { renderConfirmPage } from './pages/confirm-page';
import { linkOutcomePage } from './pages/outcome-pages';
import { renderResultPage } from './pages/result-page';
import { type AttemptContext, refuseAttempt } from './refuse-attempt';

export interface LinkDeps {
  decide: DecideDeps;
  linkKeys: LinkKeys;
  history: Pick<HistoryStore, 'getSummary'>;
}

export interface LinkForm {
  decision?: string;
  comment?: string;
}

/**
 * Opening a link is not an attempt to decide: mail scanners open links, even old ones, and that must not
 * flood the audit trail. Viewing audits only forgeries; the POST that decides audits every refusal.
 */
const viewOnly: AuditTrail = {
  append: async (entry) => ({ ...entry, id: 'not-audited', at: entry.at ?? '' }),
  countUnauthenticated: async () => {},
};

/**
 * Verifies the token. A forged or altered link is counted, never an entry (anyone can send any number);
 * a genuine but expired link names a person and an approval, so it is audited when acted on.
 */
const verified = async (
  token: string,
  context: AttemptContext,
  deps: LinkDeps,
  acting: boolean,
): Promise<LinkPayload> => {
  try {
    const payload = verifyApprovalLink(token, deps.linkKeys, deps.decide.now());
    context.actor = { id: payload.r, email: payload.r };
    context.approvalId = payload.a;
    context.executionId = payload.e;
    return payload;
  } catch (error) {
    if (!(error instanceof PipegateError)) throw error;
    const why = typeof error.details.reason === 'string' ? error.details.reason : 'invalid';
    if (error.code !== 'LINK_EXPIRED') {
      return refuseUnauthenticated(deps.decide, 'approval-link', why, error.message);
    }
    // A genuine but expired link still says whose and which approval it was.
    const { approvalId, executionId, recipient } = error.details;
    if (typeof recipient === 'string') context.actor = { id: recipient, email: recipient };
    if (typeof approvalId === 'string') context.approvalId = approvalId;
    if (typeof executionId === 'string') context.executionId = executionId;
    return refuseAttempt(acting ? deps.decide.audit : viewOnly, context, 'LINK_EXPIRED', error.message);
  }
};

const actorOf = (payload: LinkPayload): Actor => ({ id: payload.r, email: payload.r });

/** What the page says about a change freeze holding the approval now (evaluated on the clock port). */
const freezeOnPage = async (
  target: ApprovalTarget,
  actor: Actor,
  deps: LinkDeps,
): Promise<{ notice: string; canBreak: boolean } | undefined> => {
  const gate = await freezeGate(target, actor, deps.decide);
  return gate.frozen
    ? { notice: gate.freezes.map(describeFreeze).join(' '), canBreak: gate.canBreak }
    : undefined;
};

/**
 * GET: shows what is being approved and a form to confirm. Changes nothing — mail scanners open links.
 * Refusals (invalid, expired, used, decided, not allowed) are thrown for the error page.
 */
export const showApprovalLink = async (token: string, deps: LinkDeps): Promise<string> => {
  const context: AttemptContext = { channel: 'email' };
  const payload = await verified(token, context, deps, false);
  const { record, policy } = await checkDecision(
    { executionId: payload.e, approvalId: payload.a, actor: actorOf(payload) },
    context,
    { ...deps.decide, audit: viewOnly },
  );
  if (await deps.decide.approvals.isLinkNonceUsed(payload.a, payload.n)) {
    return refuseAttempt(viewOnly, context, 'LINK_USED', 'This link has already been used.');
  }
  const summary = await deps.history.getSummary(record.executionId);
  const freeze = await freezeOnPage(record, actorOf(payload), deps);
  return renderConfirmPage({
    approval: record,
    summary,
    token,
    decision: payload.d,
    recipient: payload.r,
    ...(freeze ? { freeze } : {}),
    consoleUrl: executionConsoleUrl({
      pipeline: record.pipeline,
      executionId: record.executionId,
      region: record.region,
    }),
    requireRejectComment: policy?.requireRejectComment ?? false,
    expiresAt: new Date(payload.x * 1000),
  });
};

/** The decision a form asks for, if the link allows it: an approve or reject link binds its decision. */
const formDecision = async (
  payload: LinkPayload,
  form: LinkForm,
  context: AttemptContext,
  audit: AuditTrail,
): Promise<'Approved' | 'Rejected'> => {
  const asked = form.decision === 'approve' || form.decision === 'reject' ? form.decision : undefined;
  if (!asked) throw new PipegateError('INVALID_REQUEST', 'choose approve or reject');
  const decision = asked === 'approve' ? 'Approved' : 'Rejected';
  context.decision = decision;
  if (payload.d !== 'choose' && payload.d !== asked) {
    // A valid link of a known person, with its form altered: refused on the record, link left usable.
    return refuseAttempt(audit, context, 'NOT_ALLOWED', `This link can only ${payload.d}.`, {
      why: 'decision-not-in-link',
      linkDecision: payload.d,
    });
  }
  return decision;
};

/**
 * POST: the human confirmation. The link's decision binds (an approve link cannot reject); its nonce is
 * reserved with one conditional write so two posts of one link cannot both proceed, and given back when no
 * decision came of it (refused, or CodePipeline failed transiently) — a person's only link is spent only by
 * a decision.
 */
export const decideByLink = async (
  token: string,
  form: LinkForm,
  deps: LinkDeps,
): Promise<{ status: number; html: string }> => {
  const context: AttemptContext = { channel: 'email' };
  const payload = await verified(token, context, deps, true);
  const decision = await formDecision(payload, form, context, deps.decide.audit);
  const comment = form.comment?.trim() || undefined;
  const record = await deps.decide.approvals.get(payload.e, payload.a);
  const policy = record ? approvalPolicyFor(deps.decide.config, record) : undefined;
  // A missing reject comment or break-glass reason is a form mistake, not a use of the link: show the form again.
  const missingRejectComment = decision === 'Rejected' && policy?.requireRejectComment === true && !comment;
  const freeze = record ? await freezeOnPage(record, actorOf(payload), deps) : undefined;
  const missingReason = decision === 'Approved' && freeze?.canBreak === true && !comment;
  if (record && (missingRejectComment || missingReason)) {
    const summary = await deps.history.getSummary(record.executionId);
    const page = renderConfirmPage({
      approval: record,
      summary,
      token,
      decision: payload.d,
      recipient: payload.r,
      requireRejectComment: policy?.requireRejectComment ?? false,
      expiresAt: new Date(payload.x * 1000),
      ...(freeze ? { freeze } : {}),
      problem: missingReason
        ? 'Please say why this must be approved inside the change freeze.'
        : 'Please say why you reject this change.',
    });
    return { status: 422, html: page };
  }
  const usedAt = deps.decide.now().toISOString();
  if (!(await deps.decide.approvals.consumeLinkNonce(payload.a, payload.n, usedAt))) {
    return refuseAttempt(
      deps.decide.audit,
      { ...context, approval: record },
      'LINK_USED',
      'This link has already been used.',
    );
  }
  let decided: Awaited<ReturnType<typeof decideApproval>>;
  try {
    decided = await decideApproval(
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
    // The original failure is what the person must hear about; a failed release only costs them the link.
    await deps.decide.approvals.releaseLinkNonce(payload.a, payload.n, usedAt).catch((releaseError) => {
      deps.decide.log.warn('could not give back an approval link nonce', {
        approvalId: payload.a,
        error: releaseError instanceof Error ? releaseError.message : String(releaseError),
      });
    });
    throw error;
  }
  const page = linkOutcomePage({
    kind: 'decided',
    decision,
    approval: decided,
    by: payload.r,
    at: decided.decidedAt ?? deps.decide.now().toISOString(),
    comment: decided.comment,
  });
  return { status: 200, html: renderResultPage(page) };
};
