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

export interface PipelineEvent {
  /** EventBridge envelope id: stable across EventBridge's own retries, but not a semantic identity. */
  eventId: string;
  level: EventLevel;
  account?: string;
  region?: string;
  pipeline: string;
  executionId: string;
  stage?: string;
  action?: string;
  actionExecutionId?: string;
  actionCategory?: string;
  actionProvider?: string;
  state: ExecutionState;
  /** When the state change happened (envelope time). */
  time: string;
  /** When the pipeline execution started (detail start-time), when known. */
  executionStartTime?: string;
  attempt: number;
  pipelineVersion?: number;
  trigger?: TriggerInfo;
  stopComments?: string;
  result?: FailureInfo;
}
