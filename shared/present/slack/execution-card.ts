import type { KnownBlock } from '@slack/types';
import { type AccountNamer, whereLabel } from '../../accounts/account-names';
import type { ApprovalRecord } from '../../approvals/approval-record';
import type { ActionSummary, ExecutionSummary } from '../../history/execution-summary';
import { orderedStages } from '../../history/execution-summary';
import { executionConsoleUrl } from '../text/console-links';
import {
  actionsOf,
  externalLinkLabel,
  isAwaitingApproval,
  isRunning,
  stageProgress,
} from '../text/execution-facts';
import { boldNames, executionHeadline, plainNames } from '../text/execution-headline';
import { escapeMrkdwn, firstLine, singleLine, stateEmoji, truncate } from '../text/format';
import { approvalStatusLine } from './approval-status';
import { chunkLines, context, fitBlocks, type SlackMessage, section } from './block-kit';
import { escapeWithin, mrkdwnCode, mrkdwnLink, mrkdwnQuote, slackDate } from './mrkdwn';
import { triggerMrkdwn } from './trigger-mrkdwn';

export interface ExecutionCardOptions {
  /** Approvals of this execution (others are ignored), shown under their stage. */
  approvals?: ApprovalRecord[];
  /** Render time; lets a pending approval past its expiry show as expired. */
  now?: Date;
  /** Names accounts from the config, so the footer says `payments-prod (2109…)` rather than a bare id. */
  accountName?: AccountNamer;
}

const INDENT = '        ';

const failedActionLine = (action: ActionSummary): string => {
  const provider = action.provider ? ` (${escapeMrkdwn(action.provider)})` : '';
  const code = action.result?.errorCode ? ` · ${mrkdwnCode(action.result.errorCode)}` : '';
  const detail = action.result?.summary ? ` · ${escapeWithin(singleLine(action.result.summary), 200)}` : '';
  const log = action.result?.externalUrl
    ? ` · ${mrkdwnLink(action.result.externalUrl, externalLinkLabel(action.provider))}`
    : '';
  return `${INDENT}❌ ${escapeMrkdwn(action.action)}${provider}${code}${detail}${log}`;
};

const stageLines = (
  summary: ExecutionSummary,
  approvals: readonly ApprovalRecord[],
  now: Date | undefined,
): string[] =>
  orderedStages(summary).flatMap((stage) => {
    const emoji = stateEmoji(stage.state, { awaitingApproval: isAwaitingApproval(summary, stage) });
    const attempt = stage.attempt > 1 ? ` · attempt ${stage.attempt}` : '';
    const head = `${emoji} *${escapeMrkdwn(stage.name)}* · ${stageProgress(summary, stage)}${attempt}`;
    const failures = actionsOf(summary, stage.name)
      .filter((action) => action.state === 'FAILED')
      .map(failedActionLine);
    const decisions = approvals
      .filter((approval) => approval.stage === stage.name)
      .map((approval) => `${INDENT}${approvalStatusLine(approval, { now })}`);
    return [head, ...failures, ...decisions];
  });

// Approvals whose stage the summary does not know yet (events lost or late) are still shown.
const orphanApprovalLines = (
  summary: ExecutionSummary,
  approvals: readonly ApprovalRecord[],
  now: Date | undefined,
): string[] =>
  approvals
    .filter((approval) => summary.stages[approval.stage] === undefined)
    .map((approval) => approvalStatusLine(approval, { now }));

const stopBlocks = (summary: ExecutionSummary): KnownBlock[] => {
  const comment = summary.stopComments?.trim();
  if (summary.state === 'SUPERSEDED') {
    return [context(['A newer execution of this pipeline took its place before this one finished.'])];
  }
  if (!comment) return [];
  return [section(`*Stop comment*\n${mrkdwnQuote(comment, 1000)}`)];
};

const footer = (summary: ExecutionSummary, accountName?: AccountNamer): KnownBlock => {
  const where = whereLabel(summary, accountName);
  return context([
    [
      mrkdwnLink(executionConsoleUrl(summary), 'View in CodePipeline'),
      `execution \`${escapeMrkdwn(summary.executionId)}\``,
      where === '' ? undefined : escapeMrkdwn(where),
      `started ${slackDate(summary.startTime, 'dateTime')}`,
    ]
      .filter(Boolean)
      .join(' · '),
  ]);
};

const fallbackText = (summary: ExecutionSummary, now: Date | undefined): string => {
  const headline = executionHeadline(summary, plainNames, now);
  const message = summary.trigger?.commitMessage;
  const title = message ? ` — ${escapeMrkdwn(firstLine(message, 60))}` : '';
  return truncate(`${headline}${title}`, 200);
};

/**
 * The one Slack message of an execution, re-rendered from the summary on every change: headline, what
 * triggered it, each stage with its state and duration (failed actions and approvals under their stage),
 * stop comments, and a console link. Stays within Slack's 50 blocks and 3000 characters per text.
 * @example
 * const { text, blocks } = renderExecutionCard(summary, { approvals, now: new Date() });
 * await chat.update({ channel, ts, text, blocks });
 */
export const renderExecutionCard = (
  summary: ExecutionSummary,
  options: ExecutionCardOptions = {},
): SlackMessage => {
  const approvals = (options.approvals ?? [])
    .filter((approval) => approval.executionId === summary.executionId)
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  const lines = [
    ...stageLines(summary, approvals, options.now),
    ...orphanApprovalLines(summary, approvals, options.now),
  ];
  const stages =
    lines.length === 0
      ? [context([isRunning(summary.state) ? 'No stage has started yet.' : 'No stage events were received.'])]
      : chunkLines(lines).map((chunk) => section(chunk));
  const body: KnownBlock[] = [
    section(executionHeadline(summary, boldNames, options.now)),
    context([triggerMrkdwn(summary.trigger)]),
    ...stopBlocks(summary),
    ...stages,
  ];
  return {
    text: fallbackText(summary, options.now),
    blocks: fitBlocks(body, [footer(summary, options.accountName)]),
  };
};
