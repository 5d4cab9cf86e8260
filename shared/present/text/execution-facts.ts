import type { ExecutionState } from '../../events/pipeline-event';
import type { ActionSummary, ExecutionSummary, StageSummary } from '../../history/execution-summary';
import { orderedStages } from '../../history/execution-summary';
import { durationBetween, formatDuration, stateWord } from './format';

// Facts about an execution that every renderer (Slack card, replies, email) phrases the same way, derived
// once here so Slack and email never disagree about "failed in Build after 2m 34s".

const RUNNING: ReadonlySet<ExecutionState | undefined> = new Set([undefined, 'STARTED', 'RESUMED']);

/** True while the execution (or a step) has not reached a stopping or terminal state. */
export const isRunning = (state: ExecutionState | undefined): boolean => RUNNING.has(state);

/** The actions of one stage, in the order they started. */
export const actionsOf = (summary: ExecutionSummary, stage: string): ActionSummary[] =>
  Object.values(summary.actions)
    .filter((action) => action.stage === stage)
    .sort((a, b) => (a.startedAt ?? a.updatedAt).localeCompare(b.startedAt ?? b.updatedAt));

const isWaitingApproval = (action: ActionSummary): boolean =>
  action.category === 'Approval' && isRunning(action.state);

/** True when a stage is running only because a manual approval waits in it. */
export const isAwaitingApproval = (summary: ExecutionSummary, stage: StageSummary): boolean =>
  isRunning(stage.state) && actionsOf(summary, stage.name).some(isWaitingApproval);

/** The approval actions waiting right now, across stages. */
export const waitingApprovals = (summary: ExecutionSummary): ActionSummary[] =>
  Object.values(summary.actions).filter(isWaitingApproval);

/** The stage where the execution failed (the first failed stage in run order), if any. */
export const failedStage = (summary: ExecutionSummary): StageSummary | undefined =>
  orderedStages(summary).find((stage) => stage.state === 'FAILED');

/** Failed actions, in run order; optionally of one stage only. */
export const failedActions = (summary: ExecutionSummary, stage?: string): ActionSummary[] =>
  orderedStages(summary)
    .filter((candidate) => stage === undefined || candidate.name === stage)
    .flatMap((candidate) => actionsOf(summary, candidate.name))
    .filter((action) => action.state === 'FAILED');

/** The stage running now (the last one in run order that is still running). */
export const runningStage = (summary: ExecutionSummary): StageSummary | undefined =>
  orderedStages(summary)
    .filter((stage) => isRunning(stage.state))
    .at(-1);

/** The run's duration so far: its end time when terminal, else `now` when given. */
export const executionDuration = (summary: ExecutionSummary, now?: Date): number | undefined =>
  summary.durationMs ?? durationBetween(summary.startTime, summary.endTime ?? now?.toISOString());

/**
 * What a stage line shows after the name: its duration when it has ended, else `running`,
 * `waiting for approval` or the state word.
 */
export const stageProgress = (summary: ExecutionSummary, stage: StageSummary): string => {
  if (isAwaitingApproval(summary, stage)) return 'waiting for approval';
  if (isRunning(stage.state)) return 'running';
  const ms = durationBetween(stage.startedAt, stage.endedAt);
  if (ms === undefined) return stateWord(stage.state);
  return stage.state === 'SUCCEEDED'
    ? formatDuration(ms)
    : `${stateWord(stage.state)} after ${formatDuration(ms)}`;
};

/**
 * What to call an action's external link: CodeBuild links open the build log, CodeDeploy links the
 * deployment; other providers get a neutral name.
 */
export const externalLinkLabel = (provider: string | undefined): string => {
  if (provider === 'CodeBuild') return 'build log';
  if (provider === 'CodeDeploy' || provider === 'CodeDeployToECS') return 'deployment';
  return 'details';
};

/** The stage an execution ended in: the last stage in run order that did not succeed. */
export const endedInStage = (summary: ExecutionSummary): StageSummary | undefined =>
  orderedStages(summary)
    .filter((stage) => stage.state !== 'SUCCEEDED')
    .at(-1);
