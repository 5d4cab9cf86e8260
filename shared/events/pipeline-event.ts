/** The normalised, level-independent view of one CodePipeline state change that the rest of pipegate uses. */
export type EventLevel = 'pipeline' | 'stage' | 'action';

export type ExecutionState =
  | 'STARTED'
  | 'RESUMED'
  | 'STOPPING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELED'
  | 'STOPPED'
  | 'SUPERSEDED'
  | 'ABANDONED';

export interface TriggerInfo {
  type?: string;
  detail?: string;
  authorName?: string;
  authorEmail?: string;
  commitId?: string;
  /** When the commit was authored (git `author-date`): where lead time for changes starts. */
  authorDate?: string;
  commitMessage?: string;
  branch?: string;
  tag?: string;
  repository?: string;
  provider?: string;
}

export interface FailureInfo {
  errorCode?: string;
  summary?: string;
  externalUrl?: string;
  externalId?: string;
}

/** What every level's event carries: which run, which state, when. */
interface EventBase {
  /** EventBridge envelope id: stable across EventBridge's own retries, but not a semantic identity. */
  eventId: string;
  account?: string;
  region?: string;
  pipeline: string;
  executionId: string;
  state: ExecutionState;
  /** When the state change happened (envelope time). */
  time: string;
  /** When the pipeline execution started (detail start-time), when known. */
  executionStartTime?: string;
  attempt: number;
  pipelineVersion?: number;
}

/** A whole run changed state: only this level knows the trigger and the stop comments. */
export interface PipelineLevelEvent extends EventBase {
  level: 'pipeline';
  trigger?: TriggerInfo;
  stopComments?: string;
}

/** A stage changed state. */
export interface StageLevelEvent extends EventBase {
  level: 'stage';
  stage: string;
}

/** An action changed state: only this level knows the action's execution id, provider and result. */
export interface ActionLevelEvent extends EventBase {
  level: 'action';
  stage: string;
  action: string;
  actionExecutionId?: string;
  actionCategory?: string;
  actionProvider?: string;
  result?: FailureInfo;
}

/**
 * One state change, by level: a stage event always names its stage, an action event its stage and action,
 * so callers narrow on `level` instead of defaulting missing names to `''`.
 */
export type PipelineEvent = PipelineLevelEvent | StageLevelEvent | ActionLevelEvent;

/** The stage an event names, when its level has one (pipeline events name none). */
export const stageOf = (event: PipelineEvent): string | undefined =>
  event.level === 'pipeline' ? undefined : event.stage;

/** The action an event names, when it is an action event. */
export const actionOf = (event: PipelineEvent): string | undefined =>
  event.level === 'action' ? event.action : undefined;
