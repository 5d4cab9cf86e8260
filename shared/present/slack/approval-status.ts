import type { ApprovalRecord } from '../../approvals/approval-record';
import type { Actor } from '../../audit/audit-entry';
import { escapeMrkdwn, singleLine, truncate } from '../text/format';
import { progressWords, quorumProgress } from '../text/quorum-progress';
import { escapeWithin, slackDate } from './mrkdwn';

const CHANNEL_NAMES: Record<NonNullable<ApprovalRecord['channel']>, string> = {
  slack: 'Slack',
  email: 'email',
  console: 'the console',
};

/** How people are named in Slack: their name, else a live mention, else their email or id. */
export const actorMrkdwn = (actor: Actor | undefined): string => {
  if (actor === undefined) return 'someone';
  if (actor.name) return escapeMrkdwn(truncate(singleLine(actor.name), 80));
  if (actor.slackUserId && /^[UW][A-Z0-9]+$/.test(actor.slackUserId)) return `<@${actor.slackUserId}>`;
  return escapeMrkdwn(truncate(singleLine(actor.email ?? actor.id), 80));
};

/** Quorum progress in mrkdwn (`1 of 2 — approved by Sam Lee · waiting for one more`); undefined when N is 1. */
export const quorumProgressMrkdwn = (approval: ApprovalRecord): string | undefined => {
  const progress = quorumProgress(approval);
  return progress ? progressWords(progress, actorMrkdwn) : undefined;
};

/** `*Approval / ManualApproval*`: where the approval waits. */
export const approvalPlace = (approval: ApprovalRecord): string =>
  `*${escapeMrkdwn(approval.stage)} / ${escapeMrkdwn(approval.action)}*`;

// Same UTC day as the request: the time is enough; otherwise say the day too.
const decidedWhen = (approval: ApprovalRecord, at: string): string =>
  slackDate(at, approval.requestedAt.slice(0, 10) === at.slice(0, 10) ? 'time' : 'dateTime');

// A quorum names every approver with their channel: `Jane Doe via Slack and Sam Lee via email (2 of 2)`.
const quorumApprovers = (approval: ApprovalRecord): string | undefined => {
  const votes = approval.votes ?? [];
  if (approval.decision !== 'Approved' || votes.length < 2) return undefined;
  const names = votes.map((vote) => `${actorMrkdwn(vote.by)} via ${CHANNEL_NAMES[vote.channel]}`);
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} (${votes.length} of ${approval.required ?? votes.length})`;
};

const decisionLine = (approval: ApprovalRecord, commentMax: number | undefined): string => {
  const verb = approval.decision === 'Rejected' ? '✖ Rejected' : '✔ Approved';
  const quorum = quorumApprovers(approval);
  const by = quorum ?? actorMrkdwn(approval.decidedBy);
  const via = approval.channel && !quorum ? ` via ${CHANNEL_NAMES[approval.channel]}` : '';
  const at = approval.decidedAt ? ` at ${decidedWhen(approval, approval.decidedAt)}` : '';
  const text = approval.comment?.trim();
  const comment = text && commentMax !== undefined ? `: ${escapeWithin(singleLine(text), commentMax)}` : '';
  return `${verb} by ${by}${via}${at}${comment}`;
};

/**
 * One mrkdwn line saying where an approval stands, for the execution card and the approval message:
 * waiting (with expiry), being decided, decided (who, channel, when, comment), completed outside pipegate,
 * expired or abandoned. The comment is inlined (one line, cut to `commentMax`) unless `commentMax` is `'none'`.
 * @example
 * approvalStatusLine(approved); // '✔ Approved by Jane Doe via Slack at <!date^…|14:02 UTC>: looks good'
 */
export const approvalStatusLine = (
  approval: ApprovalRecord,
  options: { now?: Date; commentMax?: number | 'none' } = {},
): string => {
  const commentMax = options.commentMax === 'none' ? undefined : (options.commentMax ?? 300);
  switch (approval.status) {
    case 'approved':
    case 'rejected':
      return decisionLine(approval, commentMax);
    case 'completed-outside': {
      const what = approval.decision ? `${approval.decision} in the console` : 'Completed in the console';
      return `☑ ${what} or CLI, outside pipegate`;
    }
    case 'expired':
      return `⌛ Expired without a decision (${slackDate(approval.expiresAt, 'dateTime')})`;
    case 'abandoned':
      return '🚫 No longer needed: the execution ended before a decision';
    case 'pending': {
      if (approval.claim) {
        const verb = approval.claim.decision === 'Rejected' ? 'rejecting' : 'approving';
        return `⏳ ${actorMrkdwn(approval.claim.by)} is ${verb} via ${CHANNEL_NAMES[approval.claim.channel]}…`;
      }
      const expired = options.now !== undefined && Date.parse(approval.expiresAt) <= options.now.getTime();
      const progress = quorumProgressMrkdwn(approval);
      const quorum = progress ? ` — ${progress}` : '';
      return expired
        ? `⌛ Waited in ${approvalPlace(approval)} until ${slackDate(approval.expiresAt, 'dateTime')}: expired${quorum}`
        : `⏳ Waiting for approval in ${approvalPlace(approval)}${quorum} — expires ${slackDate(approval.expiresAt, 'dateTime')}`;
    }
  }
};
