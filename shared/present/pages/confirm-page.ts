import type { LinkDecision } from '../../approvals/approval-link';
import type { ApprovalRecord } from '../../approvals/approval-record';
import type { ExecutionSummary } from '../../history/execution-summary';
import { approvalFacts, executionStages } from './approval-facts';
import { changeSummaryHtml } from './change-summary-html';
import { renderPage } from './page-layout';
import { html, type SafeHtml } from './safe-html';

/**
 * Room for the comment inside PutApprovalResult's 512-character summary, after
 * "Rejected by <name> <email> via email: ".
 */
export const COMMENT_MAX_LENGTH = 400;

export interface ConfirmPageInput {
  approval: ApprovalRecord;
  summary?: ExecutionSummary;
  /** The verified link token; posted back in a hidden field. */
  token: string;
  decision: LinkDecision;
  recipient: string;
  /** The approval in the AWS console; only http(s) URLs are linked. */
  consoleUrl?: string;
  requireRejectComment: boolean;
  /** The link's own expiry, when earlier than the approval's. */
  expiresAt?: Date;
  /** Why the last POST was not accepted (e.g. a missing reject comment), shown above the form. */
  problem?: string;
  /**
   * A change freeze holding the approval now: what it is (which, until when, who can break it) and whether
   * this person may break it (then Approve stays, with a required reason); otherwise only Reject is offered.
   */
  freeze?: { notice: string; canBreak: boolean };
}

/** Inside a freeze, Approve is offered only to someone who may break it. */
const offered = (decision: LinkDecision, freeze: ConfirmPageInput['freeze']): LinkDecision | undefined => {
  if (!freeze || freeze.canBreak) return decision;
  return decision === 'approve' ? undefined : 'reject';
};

const freezeNotice = (freeze: ConfirmPageInput['freeze']): SafeHtml | undefined => {
  if (!freeze) return undefined;
  const what = freeze.canBreak
    ? 'You may break it: approving needs a reason, which is announced and audited.'
    : 'Approving waits until it ends; rejecting still works. This link stays usable.';
  return html`<p class="freeze" role="status">❄️ ${freeze.notice} ${what}</p>`;
};

const TITLES: Readonly<Record<LinkDecision, string>> = {
  approve: 'Approve',
  reject: 'Reject',
  choose: 'Approve or reject',
};

const commentLabel = (decision: LinkDecision, requireRejectComment: boolean): string => {
  if (!requireRejectComment) {
    return 'Comment (optional)';
  }
  return decision === 'reject' ? 'Comment (required to reject)' : 'Comment (optional; required to reject)';
};

const approveButton = html`<button type="submit" name="decision" value="approve" class="approve">Approve</button>`;
const rejectButton = html`<button type="submit" name="decision" value="reject" class="reject">Reject</button>`;

/**
 * The buttons. The decision is part of what the link signs and it binds: an approve link shows only
 * Approve, a reject link only Reject (the server refuses the other one), a choose link both. Someone who
 * changes their mind uses the other link of the same email.
 */
const buttons = (decision: LinkDecision): SafeHtml => {
  switch (decision) {
    case 'approve':
      return approveButton;
    case 'reject':
      return rejectButton;
    case 'choose':
      return html`${approveButton}${rejectButton}`;
  }
};

const OTHER_LINK: Readonly<Record<LinkDecision, string | undefined>> = {
  approve: 'To reject instead, open the Reject link of the same email.',
  reject: 'To approve instead, open the Approve link of the same email.',
  choose: undefined,
};

const consoleLink = (consoleUrl: string | undefined): SafeHtml | undefined =>
  consoleUrl !== undefined && /^https?:\/\//i.test(consoleUrl)
    ? html`<p><a href="${consoleUrl}" rel="noreferrer noopener">Open in the AWS console</a></p>`
    : undefined;

/**
 * The page an emailed approval link opens (GET). It shows what is being approved and a form that POSTs back
 * to the same URL (`action=""` keeps the `?t=` query) with the token, a comment and the chosen decision.
 * Opening it changes nothing — mail scanners GET links and may run scripts, and this page has none — so only
 * a person pressing a button decides (DESIGN §5, JOURNEYS #4).
 *
 * @returns the whole HTML document; serve it with `htmlHeaders()`
 * @example
 * ```ts
 * const body = renderConfirmPage({ approval, summary, token, decision: payload.d, recipient: payload.r,
 *   requireRejectComment: policy.requireRejectComment });
 * return { statusCode: 200, headers: htmlHeaders(), body };
 * ```
 */
export const renderConfirmPage = (input: ConfirmPageInput): string => {
  const { approval, decision, requireRejectComment } = input;
  const shown = offered(decision, input.freeze);
  const label = input.freeze?.canBreak
    ? 'Reason or comment (a reason is required to approve inside the freeze)'
    : commentLabel(decision, requireRejectComment);
  const title = `${TITLES[decision]} ${approval.pipeline}?`;
  const commentRequired = requireRejectComment && decision === 'reject';
  return renderPage({
    title,
    body: html`<h1>${title}</h1>
<p>${approval.stage} → ${approval.action} is waiting for your decision.</p>
${approvalFacts({ approval, summary: input.summary, expiresAt: input.expiresAt })}
${changeSummaryHtml(approval.changes, approval.stage)}
${executionStages(input.summary)}
${consoleLink(input.consoleUrl)}
${freezeNotice(input.freeze)}
${
  shown === undefined
    ? undefined
    : html`<form method="post" action="">
<input type="hidden" name="t" value="${input.token}">
${input.problem === undefined ? undefined : html`<p class="problem" role="alert">${input.problem}</p>`}
<label for="comment">${label}</label>
<textarea id="comment" name="comment" rows="3" maxlength="${COMMENT_MAX_LENGTH}"${
        commentRequired || (input.freeze?.canBreak && decision === 'approve') ? html` required` : undefined
      }></textarea>
${buttons(shown)}
</form>`
}
${OTHER_LINK[decision] === undefined ? undefined : html`<p class="note">${OTHER_LINK[decision]}</p>`}
<p class="note">Opening this page did not decide anything. This link is personal to ${input.recipient} and works once.</p>`,
  });
};
