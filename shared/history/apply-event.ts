import type {
  ActionLevelEvent,
  PipelineEvent,
  PipelineLevelEvent,
  StageLevelEvent,
} from '../events/pipeline-event';
import { type ActionSummary, actionKey, type ExecutionSummary, type StepSummary } from './execution-summary';
import { isLater, isTerminal } from './state-rank';

export interface Applied {
  summary: ExecutionSummary;
  /** False when the event is older than what the summary already shows (history only, state unchanged). */
  advanced: boolean;
  /**
   * False when the summary already reflected the event (nothing to save). Merging is idempotent, so a
   * re-delivered event changes nothing once applied: this, not a list of seen events, is the dedupe.
   */
  changed: boolean;
}

/** Key order is stable (the merge clones, then assigns), and JSON drops undefined fields like a save does. */
const sameContent = (a: ExecutionSummary, b: ExecutionSummary): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

const earliest = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a < b ? a : b;

/** ISO-8601 UTC strings order like the times they name. */
const latest = (a: string, b: string): string => (a < b ? b : a);

const nextStep = <T extends StepSummary>(
  current: T | undefined,
  event: PipelineEvent,
  extra: Omit<T, keyof StepSummary>,
): T => {
  const startedAt = event.state === 'STARTED' ? earliest(current?.startedAt, event.time) : current?.startedAt;
  const retried = current !== undefined && event.attempt > current.attempt;
  return {
    ...current,
    ...extra,
    state: event.state,
    attempt: event.attempt,
    startedAt: retried && event.state === 'STARTED' ? event.time : startedAt,
    endedAt: isTerminal(event.state) ? event.time : undefined,
    updatedAt: event.time,
    // A retry is a new attempt: its STARTED is not recorded until it arrives.
    startRecorded: event.state === 'STARTED' || (!retried && current?.startRecorded) || undefined,
  } as T;
};

const emptySummary = (event: PipelineEvent): ExecutionSummary => ({
  executionId: event.executionId,
  pipeline: event.pipeline,
  account: event.account,
  region: event.region,
  attempt: event.attempt,
  startTime: event.executionStartTime ?? event.time,
  stages: {},
  actions: {},
  lastEventAt: event.time,
  version: 0,
});

const applyPipeline = (summary: ExecutionSummary, event: PipelineLevelEvent): boolean => {
  // Descriptive fields only arrive on pipeline events; a late one may still fill them in.
  summary.trigger ??= event.trigger;
  // First comment wins, so a re-delivered older event cannot swap it back and forth.
  summary.stopComments ??= event.stopComments;
  const current = summary.state ? { state: summary.state, attempt: summary.attempt } : undefined;
  const sameAttempt = current !== undefined && event.attempt === current.attempt;
  if (event.state === 'STARTED' && sameAttempt) summary.startRecorded = true;
  if (!isLater(event, current)) return false;
  if (!sameAttempt) delete summary.startRecorded;
  if (event.state === 'STARTED') summary.startRecorded = true;
  summary.state = event.state;
  summary.attempt = event.attempt;
  summary.endTime = isTerminal(event.state) ? event.time : undefined;
  summary.durationMs = summary.endTime
    ? Date.parse(summary.endTime) - Date.parse(summary.startTime)
    : undefined;
  return true;
};

/** A STARTED that lost the race to a later state still tells when the step really started. */
const keepEarliestStart = (current: StepSummary | undefined, event: PipelineEvent): void => {
  if (current && event.state === 'STARTED' && event.attempt === current.attempt) {
    current.startedAt = earliest(current.startedAt, event.time);
    current.startRecorded = true;
  }
};

const applyStage = (summary: ExecutionSummary, event: StageLevelEvent): boolean => {
  const { stage } = event;
  const current = summary.stages[stage];
  if (current) current.firstSeenAt = earliest(current.firstSeenAt, event.time) ?? event.time;
  // The stage's own event of the attempt its actions implied: from now on the summary speaks for it.
  if (current?.implied && current.attempt === event.attempt) delete current.implied;
  keepEarliestStart(current, event);
  if (!isLater(event, current)) return false;
  summary.stages[stage] = nextStep(current, event, {
    name: stage,
    firstSeenAt: current?.firstSeenAt ?? event.time,
    implied: undefined,
  });
  return true;
};

const applyAction = (summary: ExecutionSummary, event: ActionLevelEvent): boolean => {
  const { stage, action } = event;
  // An action implies its stage is running, which orders stages even when stage events are lost.
  const stageSummary = summary.stages[stage];
  if (!stageSummary) {
    summary.stages[stage] = {
      name: stage,
      firstSeenAt: event.time,
      state: 'STARTED',
      attempt: event.attempt,
      startedAt: event.time,
      updatedAt: event.time,
      implied: true,
    };
  } else {
    stageSummary.firstSeenAt = earliest(stageSummary.firstSeenAt, event.time) ?? event.time;
  }
  const key = actionKey(stage, action);
  const current = summary.actions[key];
  // Another execution of the action in the same attempt (events without an attempt number default to 1):
  // its STARTED tells nothing about this one's, and this one's STARTED is not recorded yet.
  const renewed =
    current?.actionExecutionId !== undefined &&
    event.actionExecutionId !== undefined &&
    current.actionExecutionId !== event.actionExecutionId;
  if (!renewed) keepEarliestStart(current, event);
  if (!isLater(event, current)) return false;
  const next = nextStep<ActionSummary>(current, event, {
    stage,
    action,
    actionExecutionId: event.actionExecutionId ?? current?.actionExecutionId,
    category: event.actionCategory ?? current?.category,
    provider: event.actionProvider ?? current?.provider,
    result: event.result ?? (event.attempt === current?.attempt ? current?.result : undefined),
  });
  if (renewed && event.state !== 'STARTED') delete next.startRecorded;
  summary.actions[key] = next;
  return true;
};

/**
 * Merges one event into an execution summary, forward-only: states never move back, start times only move
 * earlier and news only later, so the result is the same whatever order the events arrive in, and applying
 * an event the summary already reflects changes nothing (`changed: false`). Pure: returns a new summary.
 * The summary stays O(stages + actions) however many events (and re-deliveries) a run has.
 */
export const applyEvent = (current: ExecutionSummary | undefined, event: PipelineEvent): Applied => {
  const summary: ExecutionSummary = structuredClone(current ?? emptySummary(event));
  summary.account ??= event.account;
  summary.region ??= event.region;
  if (event.executionStartTime)
    summary.startTime = earliest(summary.startTime, event.executionStartTime) ?? event.executionStartTime;
  else summary.startTime = earliest(summary.startTime, event.time) ?? event.time;
  summary.lastEventAt = latest(summary.lastEventAt, event.time);

  const advanced =
    event.level === 'pipeline'
      ? applyPipeline(summary, event)
      : event.level === 'stage'
        ? applyStage(summary, event)
        : applyAction(summary, event);

  if (summary.endTime) summary.durationMs = Date.parse(summary.endTime) - Date.parse(summary.startTime);
  const changed = current === undefined || !sameContent(current, summary);
  if (changed) summary.version += 1;
  return { summary, advanced, changed };
};
