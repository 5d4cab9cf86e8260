import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID as ACCOUNT } from './aws-account';
import { ServiceError } from './codepipeline-json-protocol';
import type {
  ActionStateChange,
  ActionStatus,
  ApprovalWait,
  Decision,
  ExecutionStatus,
  PipelineDefinition,
} from './codepipeline-types';

/** One run of one action in one execution; approvals carry their token. */
export interface ActionRun extends Omit<ActionStateChange, 'actionExecutionId'> {
  actionExecutionId: string;
  token?: string;
  hiddenReads: number;
  expiresAt?: Date;
  startTime: Date;
  lastStatusChange: Date;
  lastUpdatedBy?: string;
}

export type Pipeline = PipelineDefinition & { created: Date };

/** A source revision as GetPipelineExecution lists it in `artifactRevisions`. */
export interface ArtifactRevision {
  name: string;
  revisionId: string;
  revisionSummary?: string;
  revisionUrl?: string;
}

export interface Execution {
  pipeline: string;
  executionId: string;
  status: ExecutionStatus;
  artifactRevisions?: ArtifactRevision[];
}

/**
 * The in-memory CodePipeline behind the stand-in: defined pipelines, their executions and every action run,
 * oldest first. Lookups throw the ServiceError the real API answers with. `reset()` swaps in fresh arrays, so
 * read `executions` and `runs` through the instance each time.
 *
 * @example
 * const model = new PipelineModel(() => new Date());
 * model.define({ name: 'app', stages: [{ name: 'Gate', actions: [{ name: 'Approve', category: 'Approval' }] }] });
 * const token = model.startApprovalWait({ pipeline: 'app', executionId, stage: 'Gate', action: 'Approve', actionExecutionId });
 */
export class PipelineModel {
  readonly pipelines = new Map<string, Pipeline>();
  executions: Execution[] = [];
  runs: ActionRun[] = [];

  constructor(readonly now: () => Date) {}

  define(definition: PipelineDefinition): void {
    this.pipelines.set(definition.name, { ...structuredClone(definition), created: this.now() });
  }

  pipelineOf(name: unknown): Pipeline {
    const pipeline = this.pipelines.get(String(name));
    if (!pipeline) throw new ServiceError('PipelineNotFoundException', `No pipeline with name '${name}'`);
    return pipeline;
  }

  actionOf(pipeline: PipelineDefinition, stageName: unknown, actionName: unknown) {
    const stage = pipeline.stages.find((s) => s.name === stageName);
    if (!stage) throw new ServiceError('StageNotFoundException', `No stage '${stageName}'`);
    const action = stage.actions.find((a) => a.name === actionName);
    if (!action) throw new ServiceError('ActionNotFoundException', `No action '${actionName}'`);
    return action;
  }

  executionOf(pipeline: string, executionId: unknown): Execution {
    const execution = this.executions.find((e) => e.pipeline === pipeline && e.executionId === executionId);
    if (!execution)
      throw new ServiceError('PipelineExecutionNotFoundException', `No execution '${executionId}'`);
    return execution;
  }

  /** Creates an execution or changes its status. */
  startExecution(pipeline: string, executionId: string, status: ExecutionStatus = 'InProgress'): void {
    this.pipelineOf(pipeline);
    const existing = this.executions.find((e) => e.pipeline === pipeline && e.executionId === executionId);
    if (existing) existing.status = status;
    else this.executions.push({ pipeline, executionId, status });
  }

  /** What the execution's source actions produced, for GetPipelineExecution (created InProgress if new). */
  setArtifactRevisions(pipeline: string, executionId: string, revisions: ArtifactRevision[]): void {
    if (!this.executions.some((e) => e.pipeline === pipeline && e.executionId === executionId))
      this.startExecution(pipeline, executionId);
    this.executionOf(pipeline, executionId).artifactRevisions = structuredClone(revisions);
  }

  /** Moves a run to `status`, stamping when and (if given) by whom. */
  finish(run: ActionRun, status: ActionStatus, summary?: string, by?: string): void {
    Object.assign(run, {
      status,
      summary,
      lastStatusChange: this.now(),
      lastUpdatedBy: by ?? run.lastUpdatedBy,
    });
    // A failed action fails its stage and with it the execution.
    if (status === 'Failed') this.startExecution(run.pipeline, run.executionId, 'Failed');
  }

  /** The token a read may show now; each call counts as one read. */
  visibleToken(run: ActionRun): string | undefined {
    // Each read hides a lagging token once, so it appears on read number `tokenLagCalls + 1`.
    if (run.hiddenReads <= 0) return run.token;
    run.hiddenReads -= 1;
    return undefined;
  }

  /** A pipeline's runs, optionally of one stage and action, oldest first. */
  runsOf(pipeline: string, stage?: string, action?: string): ActionRun[] {
    return this.runs.filter(
      (r) => r.pipeline === pipeline && (stage ?? r.stage) === r.stage && (action ?? r.action) === r.action,
    );
  }

  /** Fails every in-progress action whose `expiresAt` has passed, as CodePipeline times approvals out. */
  expireTimedOut(): void {
    for (const run of this.runs) {
      if (run.status === 'InProgress' && run.expiresAt && run.expiresAt <= this.now())
        this.finish(run, 'Failed', 'Timed out');
    }
  }

  /** Puts an approval action in progress for an execution and returns its token. */
  startApprovalWait(wait: ApprovalWait): string {
    this.actionOf(this.pipelineOf(wait.pipeline), wait.stage, wait.action);
    this.startExecution(wait.pipeline, wait.executionId);
    const { tokenLagCalls = 0, token = randomUUID(), ...rest } = wait;
    const at = this.now();
    this.runs.push({
      ...rest,
      status: 'InProgress',
      token,
      hiddenReads: tokenLagCalls,
      startTime: at,
      lastStatusChange: at,
    });
    return token;
  }

  /** Someone decided in the console: a later PutApprovalResult gets ApprovalAlreadyCompletedException. */
  completeOutside(pipeline: string, stage: string, action: string, status: Decision): void {
    const run = this.runsOf(pipeline, stage, action).findLast((r) => r.status === 'InProgress');
    if (!run) throw new Error(`no approval in progress for ${pipeline}/${stage}/${action}`);
    const by = `arn:aws:iam::${ACCOUNT}:user/console-user`;
    this.finish(run, status === 'Approved' ? 'Succeeded' : 'Failed', `${status} in the console`, by);
  }

  /** Sets any action's state for an execution, creating the run if needed; returns its id. */
  setActionState(change: ActionStateChange): string {
    this.actionOf(this.pipelineOf(change.pipeline), change.stage, change.action);
    this.startExecution(change.pipeline, change.executionId);
    const at = this.now();
    const existing = this.runsOf(change.pipeline, change.stage, change.action).find(
      (r) => r.executionId === change.executionId,
    );
    const run = existing ?? {
      ...change,
      actionExecutionId: change.actionExecutionId ?? randomUUID(),
      hiddenReads: 0,
      startTime: at,
      lastStatusChange: at,
    };
    if (!existing) this.runs.push(run);
    this.finish(run, change.status, change.summary);
    run.externalExecutionUrl = change.externalExecutionUrl ?? run.externalExecutionUrl;
    return run.actionExecutionId;
  }

  reset(): void {
    this.pipelines.clear();
    this.executions = [];
    this.runs = [];
  }
}
