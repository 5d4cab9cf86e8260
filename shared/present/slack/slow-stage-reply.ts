import type { ExecutionSummary } from '../../history/execution-summary';
import { executionConsoleUrl } from '../text/console-links';
import { escapeMrkdwn, formatDuration, truncate } from '../text/format';
import { context, fitBlocks, section } from './block-kit';
import type { ThreadReply } from './failure-reply';
import { mrkdwnLink } from './mrkdwn';

/**
 * What the note shows of a slow stage (metrics' `SlowStage` is one): declared here so rendering depends on
 * no use case folder (notify must not import metrics, which sends through notify).
 */
export interface SlowStageFacts {
  stage: string;
  elapsedMs: number;
  baseline: { p90Ms: number; runs: number };
}

/**
 * The thread note for a stage running much longer than usual: how long so far, its usual p90 and how many
 * runs that rests on. Not broadcast: nothing has failed, it only deserves a look.
 * @example renderSlowStageReply(summary, slow, 2).text // '🐢 Deploy of web has run 25m 00s (p90 10m 00s)'
 */
export const renderSlowStageReply = (
  summary: ExecutionSummary,
  slow: SlowStageFacts,
  factor: number,
): ThreadReply => {
  const elapsed = formatDuration(slow.elapsedMs);
  const p90 = formatDuration(slow.baseline.p90Ms);
  const headline =
    `🐢 Stage *${escapeMrkdwn(slow.stage)}* of *${escapeMrkdwn(summary.pipeline)}* has been running for ` +
    `*${elapsed}* — longer than ${factor} × its p90 of ${p90} (${slow.baseline.runs} succeeded runs, 30 days).`;
  return {
    text: truncate(
      escapeMrkdwn(`🐢 ${slow.stage} of ${summary.pipeline} has run ${elapsed} (p90 ${p90})`),
      300,
    ),
    blocks: fitBlocks(
      [section(headline)],
      [context([mrkdwnLink(executionConsoleUrl(summary), 'View in CodePipeline')])],
    ),
    broadcast: false,
  };
};
