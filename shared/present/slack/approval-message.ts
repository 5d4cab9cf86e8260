import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { ApprovalRecord, ApprovalStatus } from '../../approvals/approval-record';
import type { ExecutionSummary } from '../../history/execution-summary';
import { orderedStages } from '../../history/execution-summary';
import { executionConsoleUrl } from '../text/console-links';
import { isAwaitingApproval, stageProgress } from '../text/execution-facts';
import { escapeMrkdwn, firstLine, stateEmoji, truncate } from '../text/format';
import { encodeApprovalRef } from './approval-ref';
import { actorMrkdwn, approvalPlace, approvalStatusLine, quorumProgressMrkdwn } from './approval-status';
import { context, fitBlocks, type SlackMessage, section } from './block-kit';
import { changeSummaryBlocks } from './change-summary-mrkdwn';
import { mrkdwnLink, mrkdwnQuote, slackDate } from './mrkdwn';
import { triggerMrkdwn } from './trigger-mrkdwn';

/** The `action_id`s the interactions handler routes on. */
export const APPROVE_ACTION_ID = 'pipegate.approve';
export const REJECT_ACTION_ID = 'pipegate.reject';
export const APPROVE_WITH_COMMENT_ACTION_ID = 'pipegate.approve-comment';

export interface ApprovalRequestOptions {
  /** The action's "URL for review" (`externalEntityLink`), e.g. a diff or staging site. */
  reviewUrl?: string;
  /** The action's "comments" (`customData`): instructions for approvers. */
  customData?: string;
  /** A change freeze holding the approval when it was posted (mrkdwn, see freeze-notice.ts). */
  freezeNotice?: string;
}

const plainPlace = (approval: ApprovalRecord): string => `${approval.stage}/${approval.action}`;

const headline = (approval: ApprovalRecord, emoji: string, words: string): string =>
  `${emoji} *${escapeMrkdwn(approval.pipeline)}* ${words} ${approvalPlace(approval)}`;

// The stages that ran before the approval: approvers see at a glance that Build and tests passed.
const progressLine = (summary: ExecutionSummary | undefined): string | undefined => {
  const stages = summary ? orderedStages(summary) : [];
  if (summary === undefined || stages.length === 0) return undefined;
  return stages
    .map((stage) => {
      const emoji = stateEmoji(stage.state, { awaitingApproval: isAwaitingApproval(summary, stage) });
      return `${emoji} ${escapeMrkdwn(stage.name)} ${stageProgress(summary, stage)}`;
    })
    .join(' · ');
};

const footer = (approval: ApprovalRecord): KnownBlock =>
  context([
    `${mrkdwnLink(executionConsoleUrl(approval), 'View in CodePipeline')} · execution \`${escapeMrkdwn(approval.executionId)}\``,
  ]);

const buttons = (approval: ApprovalRecord): ActionsBlock => {
  // Ids only — never the CodePipeline token, which is fetched at decision time.
  const value = encodeApprovalRef(approval);
  const pipeline = truncate(approval.pipeline, 60);
  return {
    type: 'actions',
    block_id: 'pipegate.approval',
    elements: [
      {
        type: 'button',
        action_id: APPROVE_ACTION_ID,
        style: 'primary',
        text: { type: 'plain_text', text: 'Approve', emoji: true },
        value,
        // Production gates deserve one deliberate tap: a stray click on a phone cannot be undone.
        confirm: {
          title: { type: 'plain_text', text: truncate(`Approve ${pipeline}?`, 100) },
          text: {
            type: 'plain_text',
            text: truncate(`${pipeline} will continue past ${plainPlace(approval)}.`, 300),
          },
          confirm: { type: 'plain_text', text: 'Approve' },
          deny: { type: 'plain_text', text: 'Cancel' },
        },
      },
      {
        // Opens a dialog (which is its own deliberate step, so no confirm) whose comment reaches CodePipeline.
        type: 'button',
        action_id: APPROVE_WITH_COMMENT_ACTION_ID,
        text: { type: 'plain_text', text: 'Approve with comment…', emoji: true },
        value,
      },
      {
        type: 'button',
        action_id: REJECT_ACTION_ID,
        style: 'danger',
        text: { type: 'plain_text', text: 'Reject', emoji: true },
        value,
      },
    ],
  };
};

const commitTitle = (approval: ApprovalRecord, summary: ExecutionSummary | undefined): string => {
  const message = (approval.trigger ?? summary?.trigger)?.commitMessage;
  return message ? ` — ${escapeMrkdwn(firstLine(message, 60))}` : '';
};

/**
 * The approval request posted in the execution's thread: what waits (pipeline, stage/action, commit, the
 * stages that passed), the approvers' instructions and review link, the expiry, and Approve / Approve with
 * comment… / Reject buttons
 * whose `value` is `{"e":executionId,"a":approvalId}` — never a token.
 * @example
 * const { text, blocks } = renderApprovalRequest(approval, summary, { customData: 'Check staging first' });
 */
export const renderApprovalRequest = (
  approval: ApprovalRecord,
  summary: ExecutionSummary | undefined,
  options: ApprovalRequestOptions = {},
): SlackMessage => {
  const details: string[] = [];
  if (options.customData?.trim()) details.push(`*Instructions*\n${mrkdwnQuote(options.customData, 1500)}`);
  const progress = quorumProgressMrkdwn(approval);
  if (progress) details.push(`*Approvals needed:* ${progress}`);
  const review = options.reviewUrl ? ` · ${mrkdwnLink(options.reviewUrl, 'Review the changes')}` : '';
  details.push(`Expires ${slackDate(approval.expiresAt, 'dateTime')}${review}`);
  const body: KnownBlock[] = [
    section(headline(approval, '⏳', 'is waiting for approval in')),
    context([triggerMrkdwn(approval.trigger ?? summary?.trigger)]),
    context([progressLine(summary)]),
    section(details.join('\n')),
    ...changeSummaryBlocks(approval.changes, approval.stage),
    ...(options.freezeNotice ? [context([options.freezeNotice])] : []),
    buttons(approval),
  ];
  const text = `⏳ ${escapeMrkdwn(`${approval.pipeline} is waiting for approval in ${plainPlace(approval)}`)}`;
  return {
    text: truncate(`${text}${commitTitle(approval, summary)}`, 200),
    blocks: fitBlocks(body, [footer(approval)]),
  };
};

const OUTCOME_EMOJI: Record<ApprovalStatus, string> = {
  pending: '⏳',
  approved: '✅',
  rejected: '❌',
  'completed-outside': '☑️',
  expired: '⌛',
  abandoned: '🚫',
};

const outcomeWords = (approval: ApprovalRecord): string => {
  switch (approval.status) {
    case 'approved':
      return `approved by ${actorMrkdwn(approval.decidedBy)}`;
    case 'rejected':
      return `rejected by ${actorMrkdwn(approval.decidedBy)}`;
    case 'completed-outside':
      return `${approval.decision?.toLowerCase() ?? 'completed'} in the console or CLI`;
    case 'expired':
      return 'expired without a decision';
    case 'abandoned':
      return 'no longer needed';
    case 'pending':
      return 'waiting for approval';
  }
};

/**
 * The approval message once it no longer takes a decision — decided in pipegate (who, when, which channel,
 * their comment), completed outside pipegate (console or CLI), expired or abandoned — with no buttons.
 * It replaces the request in place (`chat.update`), so it repeats what was being approved.
 */
export const renderApprovalOutcome = (approval: ApprovalRecord): SlackMessage => {
  const emoji = OUTCOME_EMOJI[approval.status];
  const lines = [
    `${emoji} *${escapeMrkdwn(approval.pipeline)}* · approval in ${approvalPlace(approval)}`,
    approvalStatusLine(approval, { commentMax: 'none' }),
  ];
  const comment = approval.comment?.trim();
  if (approval.breakGlass && approval.status === 'approved') {
    lines.push(
      `🚨 Break-glass: approved inside change freeze ${approval.breakGlass.freezes.map((name) => `*${escapeMrkdwn(name)}*`).join(', ')}; the reason is quoted below.`,
    );
  }
  if (comment) lines.push(mrkdwnQuote(comment, 1500));
  const body: KnownBlock[] = [section(lines.join('\n')), context([triggerMrkdwn(approval.trigger)])];
  const text = `${emoji} ${escapeMrkdwn(`${approval.pipeline}: ${plainPlace(approval)}`)} ${outcomeWords(approval)}`;
  return { text: truncate(text, 200), blocks: fitBlocks(body, [footer(approval)]) };
};

/**
 * The channel message when someone approved inside a change freeze: who, which freeze, where, and why.
 * @example
 * renderBreakGlassAnnouncement(approval); // '🚨 Break-glass: <@U0LEAD001> approved prod-api (Release/Approve) inside …'
 */
export const renderBreakGlassAnnouncement = (approval: ApprovalRecord): string => {
  const freezes = (approval.breakGlass?.freezes ?? []).map((name) => `*${escapeMrkdwn(name)}*`).join(', ');
  const reason = approval.comment?.trim() ? `\n${mrkdwnQuote(approval.comment, 1500)}` : '';
  return `🚨 Break-glass: ${actorMrkdwn(approval.decidedBy)} approved *${escapeMrkdwn(approval.pipeline)}* at ${approvalPlace(approval)} inside change freeze ${freezes}.${reason}`;
};
