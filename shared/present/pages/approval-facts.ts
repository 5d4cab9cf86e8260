import type { ApprovalRecord } from '../../approvals/approval-record';
import type { ExecutionState, TriggerInfo } from '../../events/pipeline-event';
import { type ExecutionSummary, orderedStages } from '../../history/execution-summary';
import { quorumProgressLine } from '../text/quorum-progress';
import { formatUtc } from './format-utc';
import { type HtmlValue, html, type SafeHtml } from './safe-html';

/** What an approver needs to see to decide: the approval, and the execution it belongs to when known. */
export interface ApprovalContext {
  approval: ApprovalRecord;
  summary?: ExecutionSummary;
  /** Shown instead of the approval's expiry when given (a link may expire before its approval). */
  expiresAt?: Date;
}

const STATE_LABELS: Readonly<Record<ExecutionState, string>> = {
  STARTED: 'in progress',
  RESUMED: 'in progress (resumed)',
  STOPPING: 'stopping',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELED: 'canceled',
  STOPPED: 'stopped',
  SUPERSEDED: 'superseded',
  ABANDONED: 'abandoned',
};

/** An IAM user or assumed-role session: its last segment is the person (`…:assumed-role/Admin/sam.roe`). */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(?:sts|iam)::\d{12}:(?:assumed-role|user)\/(?:.+\/)?([^/]+)$/;

/** Enough of a commit id to find it: 7 characters of a full SHA (Git's own short form). */
export const shortSha = (commitId: string): string =>
  /^[0-9a-f]{40}$/i.test(commitId) ? commitId.slice(0, 7) : commitId.slice(0, 12);

/** The subject line of a commit message, cut to fit a phone screen. */
export const firstLine = (message: string, max = 100): string => {
  const line = (message.split(/\r?\n/, 1)[0] ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** Who or what started the execution, in words. */
export const triggeredBy = (trigger: TriggerInfo): string | undefined => {
  const principal = trigger.detail === undefined ? undefined : PRINCIPAL_ARN.exec(trigger.detail)?.[1];
  const who = principal ?? trigger.authorName ?? trigger.detail;
  if (who === undefined) {
    return trigger.type;
  }
  return trigger.type === undefined ? who : `${who} (${trigger.type})`;
};

const row = (label: string, value: HtmlValue): SafeHtml | undefined =>
  value === undefined || value === '' ? undefined : html`<div><dt>${label}</dt><dd>${value}</dd></div>`;

const commitOf = (trigger: TriggerInfo): SafeHtml | undefined => {
  if (trigger.commitId === undefined && trigger.commitMessage === undefined) {
    return undefined;
  }
  const sha = trigger.commitId === undefined ? undefined : html`<code>${shortSha(trigger.commitId)}</code> `;
  return html`${sha}${trigger.commitMessage === undefined ? '' : firstLine(trigger.commitMessage)}`;
};

const authorOf = (trigger: TriggerInfo): string | undefined =>
  trigger.authorName !== undefined && trigger.authorEmail !== undefined
    ? `${trigger.authorName} (${trigger.authorEmail})`
    : (trigger.authorName ?? trigger.authorEmail);

const sourceOf = (trigger: TriggerInfo): string =>
  [trigger.branch ?? trigger.tag, trigger.repository].filter((part) => part !== undefined).join(' · ');

/**
 * The facts of an approval as a definition list: execution, commit (short SHA and subject), author, branch and
 * repository, who triggered it, account, and when it was requested and expires. Unknown facts are left out;
 * the pipeline, stage and action are the page's heading.
 *
 * @example
 * ```ts
 * html`<dl>${approvalFacts({ approval, summary })}</dl>`;
 * ```
 */
export const approvalFacts = ({ approval, summary, expiresAt }: ApprovalContext): SafeHtml => {
  const trigger = approval.trigger ?? summary?.trigger ?? {};
  const attempt = summary !== undefined && summary.attempt > 1 ? ` (attempt ${summary.attempt})` : '';
  return html`<dl>${[
    row('Execution', html`<code>${approval.executionId.slice(0, 8)}</code>${attempt}`),
    row('Commit', commitOf(trigger)),
    row('Author', authorOf(trigger)),
    row('Source', sourceOf(trigger)),
    row('Triggered by', triggeredBy(trigger)),
    row('Note', approval.customData),
    row(
      'Review',
      approval.reviewUrl && /^https?:\/\//.test(approval.reviewUrl)
        ? html`<a href="${approval.reviewUrl}" rel="noreferrer">${approval.reviewUrl}</a>`
        : undefined,
    ),
    row('Approvals', quorumProgressLine(approval)),
    row('Account', [approval.account, approval.region].filter((part) => part !== undefined).join(' · ')),
    row('Requested', formatUtc(approval.requestedAt)),
    row('Expires', formatUtc(expiresAt ?? approval.expiresAt)),
  ]}</dl>`;
};

/**
 * What has happened in the execution so far: its stages in the order they ran, each with its state.
 * Empty when the execution summary is not known.
 *
 * @example
 * ```ts
 * executionStages(summary); // <ol><li>Source <span class="state …">succeeded</span></li>…</ol>
 * ```
 */
export const executionStages = (summary: ExecutionSummary | undefined): SafeHtml | undefined => {
  const stages = summary === undefined ? [] : orderedStages(summary);
  if (stages.length === 0) {
    return undefined;
  }
  return html`<h2>Stages so far</h2><ol>${stages.map(
    (stage) =>
      html`<li>${stage.name} <span class="state state-${stage.state}">— ${STATE_LABELS[stage.state]}</span></li>`,
  )}</ol>`;
};
