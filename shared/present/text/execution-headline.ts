import { type ExecutionSummary, orderedStages } from '../../history/execution-summary';
import {
  executionDuration,
  failedActions,
  failedStage,
  runningStage,
  waitingApprovals,
} from './execution-facts';
import { escapeMrkdwn, formatDuration, stateEmoji } from './format';

/** How a name (pipeline or stage) is shown: bold in blocks, escaped in Slack fallbacks, raw in email. */
export type NameStyle = (name: string, kind: 'pipeline' | 'stage') => string;

/** Names escaped only, for notification fallbacks (`text`). */
export const plainNames: NameStyle = (name) => escapeMrkdwn(name);

/** Names as they are, for plain-text email (nothing is parsed there). */
export const rawNames: NameStyle = (name) => name;

/** Names in bold, for blocks. */
export const boldNames: NameStyle = (name) => `*${escapeMrkdwn(name)}*`;

const after = (ms: number | undefined, word: string): string =>
  ms === undefined ? '' : ` ${word} ${formatDuration(ms)}`;

const runningWords = (summary: ExecutionSummary, pipeline: string, names: NameStyle): string => {
  const stage = runningStage(summary);
  const retry = summary.attempt > 1 ? ` (attempt ${summary.attempt})` : '';
  const approval = waitingApprovals(summary)[0];
  // A failed action or stage comes before the pipeline's own FAILED event: say so from the first of them, so
  // the headline only moves forward (running Build → failing in Build → failed in Build), never back to
  // "running, Source done" once Build is no longer running.
  const failing = failedStage(summary)?.name ?? failedActions(summary)[0]?.stage;
  if (failing) return `${pipeline} is failing in ${names(failing, 'stage')}${retry}`;
  if (approval) return `${pipeline} is waiting for approval in ${names(approval.stage, 'stage')}${retry}`;
  if (stage) return `${pipeline} is running ${names(stage.name, 'stage')}${retry}`;
  // Between two stages (the next one has not announced itself yet) the run is still going, not just started.
  const finished = orderedStages(summary)
    .filter((candidate) => candidate.state === 'SUCCEEDED')
    .at(-1);
  if (finished) return `${pipeline} is running, ${names(finished.name, 'stage')} done${retry}`;
  return summary.state === 'RESUMED' ? `${pipeline} resumed${retry}` : `${pipeline} started${retry}`;
};

/**
 * What is happening to an execution, without the emoji: `prod-api succeeded in 4m 12s`,
 * `prod-api failed in Build after 2m 34s`, `prod-api is waiting for approval in Approval`.
 */
export const executionHeadlineWords = (summary: ExecutionSummary, names: NameStyle, now?: Date): string => {
  const pipeline = names(summary.pipeline, 'pipeline');
  const duration = executionDuration(summary, now);
  switch (summary.state) {
    case 'SUCCEEDED':
      return `${pipeline} succeeded${after(duration, 'in')}`;
    case 'FAILED': {
      const stage = failedStage(summary);
      const where = stage ? ` in ${names(stage.name, 'stage')}` : '';
      return `${pipeline} failed${where}${after(duration, 'after')}`;
    }
    case 'STOPPING':
      return `${pipeline} is stopping`;
    case 'STOPPED':
      return `${pipeline} was stopped${after(duration, 'after')}`;
    case 'SUPERSEDED':
      return `${pipeline} was superseded by a newer execution`;
    case 'CANCELED':
      return `${pipeline} was canceled`;
    case 'ABANDONED':
      return `${pipeline} was abandoned`;
    default:
      return runningWords(summary, pipeline, names);
  }
};

/**
 * The one-line headline of an execution for Slack: emoji, pipeline and what is happening, e.g.
 * `✅ prod-api succeeded in 4m 12s` or `⏳ prod-api is waiting for approval in Approval`.
 * @example
 * executionHeadline(summary, plainNames); // '✅ prod-api succeeded in 4m 12s'
 */
export const executionHeadline = (summary: ExecutionSummary, names: NameStyle, now?: Date): string => {
  const emoji = stateEmoji(summary.state, { awaitingApproval: waitingApprovals(summary).length > 0 });
  return `${emoji} ${executionHeadlineWords(summary, names, now)}`;
};
