export type ExecutionMode = 'SUPERSEDED' | 'QUEUED' | 'PARALLEL';
export type ActionStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Abandoned';
export type ExecutionStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped' | 'Superseded' | 'Cancelled';
/** The two outcomes PutApprovalResult accepts. */
export type Decision = 'Approved' | 'Rejected';

export interface PipelineDefinition {
  name: string;
  executionMode?: ExecutionMode;
  stages: {
    name: string;
    actions: {
      name: string;
      category: string;
      provider?: string;
      /** Action configuration as GetPipeline returns it (e.g. CustomData, ExternalEntityLink). */
      configuration?: Record<string, string>;
      timeoutInMinutes?: number;
      /** Output artifact names (a source action's artifact is how GetPipelineExecution names its revision). */
      outputArtifacts?: string[];
    }[];
  }[];
}

export interface ApprovalWait {
  pipeline: string;
  executionId: string;
  stage: string;
  action: string;
  actionExecutionId: string;
  token?: string;
  /** Reads (GetPipelineState / ListActionExecutions) that still hide the token, like CodePipeline's lag. */
  tokenLagCalls?: number;
  /** From this instant the action has failed as timed out, as a real approval does. */
  expiresAt?: Date;
}

export interface ActionStateChange {
  pipeline: string;
  executionId: string;
  stage: string;
  action: string;
  status: ActionStatus;
  summary?: string;
  actionExecutionId?: string;
  externalExecutionUrl?: string;
}

export interface ApprovalResultEvent {
  pipeline: string;
  stage: string;
  action: string;
  token: string;
  status: Decision;
  summary: string;
  actionExecutionId: string;
  executionId: string;
  /** The account and region whose CodePipeline took the result, and the IAM ARN that signed the call. */
  account?: string;
  region?: string;
  updatedBy?: string;
}

/** An injected service error, e.g. `{ name: 'ThrottlingException' }`. */
export interface CodePipelineFault {
  name: string;
  status?: number;
  message?: string;
  /** The call takes effect, then the answer is this error: a response lost on the way back. */
  afterApplying?: boolean;
}
