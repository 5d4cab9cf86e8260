import type { KnownBlock } from '@slack/types';
import type { ActionLevelEvent, FailureInfo } from '../../events/pipeline-event';
import type { ExecutionSummary } from '../../history/execution-summary';
import { executionConsoleUrl } from '../text/console-links';
import { endedInStage, externalLinkLabel, failedActions } from '../text/execution-facts';
import { boldNames, executionHeadline, plainNames } from '../text/execution-headline';
import { escapeMrkdwn, singleLine, truncate } from '../text/format';
import { context, fitBlocks, type SlackMessage, section } from './block-kit';
import { formatMention, mrkdwnCode, mrkdwnLink, mrkdwnQuote } from './mrkdwn';
import { triggerMrkdwn } from './trigger-mrkdwn';

/** A thread reply; `broadcast` asks the sender to also show it in the channel (`reply_broadcast`). */
export interface ThreadReply extends SlackMessage {
  broadcast: boolean;
}

export interface ReplyOptions {
  /** Who to notify: Slack user ids, user-group ids, `here`, or ready-made `<@…>` mentions. */
  mentions?: string[];
}

const MAX_FAILURES = 5;

const mentionPrefix = (mentions: readonly string[] | undefined): string => {
  const formatted = (mentions ?? []).map(formatMention).filter((mention) => mention !== '');
  return formatted.length === 0 ? '' : `${formatted.join(' ')} `;
};

// The error code, the provider's summary and the link to its log: what on-call needs first.
const failureDetails = (result: FailureInfo | undefined, provider: string | undefined): string[] => {
  const lines: string[] = [];
  if (result?.errorCode) lines.push(`*Error* ${mrkdwnCode(result.errorCode)}`);
  if (result?.summary) lines.push(mrkdwnQuote(result.summary, 1500));
  if (result?.externalUrl) {
    lines.push(`*${mrkdwnLink(result.externalUrl, `Open ${externalLinkLabel(provider)}`)}*`);
  }
  return lines;
};

const footer = (summary: ExecutionSummary): KnownBlock =>
  context([triggerMrkdwn(summary.trigger), mrkdwnLink(executionConsoleUrl(summary), 'View in CodePipeline')]);

/**
 * The thread reply for a failed action: which action failed in which stage, its error code and summary,
 * and a link straight to the build log; configured mentions come first so they are notified.
 * Not broadcast: the pipeline-level failure reply is the one the channel sees.
 * @example
 * const reply = renderFailureReply(summary, event, { mentions: ['U024BE7LH'] });
 * await chat.postMessage({ channel, thread_ts: ts, text: reply.text, blocks: reply.blocks });
 */
export const renderFailureReply = (
  summary: ExecutionSummary,
  event: ActionLevelEvent,
  options: ReplyOptions = {},
): ThreadReply => {
  const { stage, action } = event;
  const provider = event.actionProvider ? ` (${escapeMrkdwn(event.actionProvider)})` : '';
  const attempt = event.attempt > 1 ? `, attempt ${event.attempt}` : '';
  const mentions = mentionPrefix(options.mentions);
  const headline =
    `${mentions}❌ *${escapeMrkdwn(action)}*${provider} failed in stage *${escapeMrkdwn(stage)}* ` +
    `of *${escapeMrkdwn(summary.pipeline)}*${attempt}`;
  const details = failureDetails(event.result, event.actionProvider);
  const code = event.result?.errorCode ? `: ${singleLine(event.result.errorCode)}` : '';
  const text = `${mentions}❌ ${escapeMrkdwn(`${action} failed in ${stage} of ${summary.pipeline}${code}`)}`;
  return {
    text: truncate(text, 300),
    blocks: fitBlocks(
      [section(headline), ...(details.length ? [section(details.join('\n'))] : [])],
      [footer(summary)],
    ),
    broadcast: false,
  };
};

/**
 * The reply for a pipeline-level failure: where it failed, after how long, and each failed action with its
 * error and log link. Broadcast, so the channel sees it even when nobody follows the thread.
 */
export const renderExecutionFailedReply = (
  summary: ExecutionSummary,
  options: ReplyOptions = {},
): ThreadReply => {
  const mentions = mentionPrefix(options.mentions);
  const failures = failedActions(summary);
  const blocks: KnownBlock[] = failures.slice(0, MAX_FAILURES).map((action) => {
    const provider = action.provider ? ` (${escapeMrkdwn(action.provider)})` : '';
    const head = `❌ *${escapeMrkdwn(action.stage)} / ${escapeMrkdwn(action.action)}*${provider}`;
    return section([head, ...failureDetails(action.result, action.provider)].join('\n'));
  });
  if (failures.length > MAX_FAILURES) {
    blocks.push(context([`… and ${failures.length - MAX_FAILURES} more failed actions.`]));
  }
  if (failures.length === 0)
    blocks.push(context(['No failed action was reported; the console has the details.']));
  const first = failures[0];
  const cause = first?.result?.errorCode ? ` (${first.action}: ${singleLine(first.result.errorCode)})` : '';
  return {
    text: truncate(`${mentions}${executionHeadline(summary, plainNames)}${escapeMrkdwn(cause)}`, 300),
    blocks: fitBlocks(
      [section(`${mentions}${executionHeadline(summary, boldNames)}`), ...blocks],
      [footer(summary)],
    ),
    broadcast: true,
  };
};

/**
 * The reply when an execution ends without failing or succeeding — stopped, superseded or canceled — with the
 * stage it was in and the stop comment. Not broadcast: nothing is broken.
 */
export const renderExecutionEndedReply = (
  summary: ExecutionSummary,
  options: ReplyOptions = {},
): ThreadReply => {
  const mentions = mentionPrefix(options.mentions);
  const stage = endedInStage(summary);
  const where = stage ? ` while in *${escapeMrkdwn(stage.name)}*` : '';
  const lines = [`${mentions}${executionHeadline(summary, boldNames)}${where}`];
  if (summary.state === 'SUPERSEDED') {
    lines.push(
      'A newer execution took its place (superseded execution mode): only the newest run continues.',
    );
  }
  const comment = summary.stopComments?.trim();
  if (comment) lines.push(`*Stop comment*\n${mrkdwnQuote(comment, 1500)}`);
  const because = comment ? `: ${truncate(singleLine(comment), 120)}` : '';
  return {
    text: truncate(`${mentions}${executionHeadline(summary, plainNames)}${escapeMrkdwn(because)}`, 300),
    blocks: fitBlocks([section(lines.join('\n'))], [footer(summary)]),
    broadcast: false,
  };
};
