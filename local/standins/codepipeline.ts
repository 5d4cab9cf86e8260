import { randomUUID } from 'node:crypto';
import type { ServerOptions, StandInRequest, StandInResponse } from './http';
import { FaultQueue, jsonResponse, sigV4Scope, startHttpServer } from './http';

export type ExecutionMode = 'SUPERSEDED' | 'QUEUED' | 'PARALLEL';
export type ActionStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Abandoned';
export type ExecutionStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped' | 'Superseded' | 'Cancelled';
type Decision = 'Approved' | 'Rejected';

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
}

/** An injected service error, e.g. `{ name: 'ThrottlingException' }`. */
export interface CodePipelineFault {
  name: string;
  status?: number;
  message?: string;
}

export interface CodePipelineStandIn {
  url: string;
  close(): Promise<void>;
  definePipeline(definition: PipelineDefinition): void;
  /** Creates an execution or changes its status; approvals and action states create theirs implicitly. */
  startExecution(pipeline: string, executionId: string, status?: ExecutionStatus): void;
  /** Puts an approval action in progress for an execution and returns its token. */
  startApprovalWait(wait: ApprovalWait): string;
  /** Someone decided in the console: a later PutApprovalResult gets ApprovalAlreadyCompletedException. */
  completeOutside(pipeline: string, stage: string, action: string, status: Decision): void;
  /** Sets any action's state for an execution (how a simulator moves a pipeline along); returns its id. */
  setActionState(change: ActionStateChange): string;
  /** Called after each successful PutApprovalResult; returns an unsubscribe function. */
  onApprovalResult(listener: (event: ApprovalResultEvent) => void): () => void;
  calls(operation?: string): { operation: string; input: Record<string, unknown> }[];
  approvalResults(): ApprovalResultEvent[];
  injectFault(operation: string, fault: CodePipelineFault, times?: number): void;
  reset(): void;
}

interface ActionRun extends Omit<ActionStateChange, 'actionExecutionId'> {
  actionExecutionId: string;
  token?: string;
  hiddenReads: number;
  expiresAt?: Date;
  startTime: Date;
  lastStatusChange: Date;
  lastUpdatedBy?: string;
}

type Input = Record<string, unknown>;
type Pipeline = PipelineDefinition & { created: Date };
const ACCOUNT = '123456789012';
const NAME = /^[A-Za-z0-9.@\-_]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// AWS JSON timestamps are epoch seconds; the SDK turns them into Dates.
const seconds = (date: Date): number => date.getTime() / 1000;

class ServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const DECISIONS: readonly Decision[] = ['Approved', 'Rejected'];
const CONSTRAINTS = {
  name: `satisfy regular expression pattern: ${NAME.source}`,
  status: 'satisfy enum value set: [Approved, Rejected]',
  summary: 'have length less than or equal to 512',
  token: `satisfy regular expression pattern: ${UUID.source}`,
};

/** Real CodePipeline reports input-constraint failures in this sentence shape. */
function check(ok: boolean, field: string, value: unknown, constraint: keyof typeof CONSTRAINTS): asserts ok {
  if (ok) return;
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  const message = `Value '${shown}' at '${field}' failed to satisfy constraint: Member must ${CONSTRAINTS[constraint]}`;
  throw new ServiceError('ValidationException', `1 validation error detected: ${message}`);
}

/**
 * Starts an AWS CodePipeline stand-in (AWS JSON 1.1, `X-Amz-Target: CodePipeline_20150709.<Op>`) serving
 * GetPipelineState, PutApprovalResult, ListActionExecutions and GetPipelineExecution from an in-memory model.
 *
 * @example
 * const cp = await startCodePipelineStandIn();
 * cp.definePipeline({ name: 'app', stages: [{ name: 'Gate', actions: [{ name: 'Approve', category: 'Approval' }] }] });
 * const token = cp.startApprovalWait({ pipeline: 'app', executionId, stage: 'Gate', action: 'Approve', actionExecutionId });
 */
export async function startCodePipelineStandIn(
  options: ServerOptions & { now?: () => Date; region?: string } = {},
): Promise<CodePipelineStandIn> {
  const now = options.now ?? (() => new Date());
  const pipelines = new Map<string, Pipeline>();
  let executions: { pipeline: string; executionId: string; status: ExecutionStatus }[] = [];
  let runs: ActionRun[] = [];
  let calls: { operation: string; input: Input }[] = [];
  let results: ApprovalResultEvent[] = [];
  const listeners = new Set<(event: ApprovalResultEvent) => void>();
  const faults = new FaultQueue<CodePipelineFault>();

  const pipelineOf = (name: unknown): Pipeline => {
    const pipeline = pipelines.get(String(name));
    if (!pipeline) throw new ServiceError('PipelineNotFoundException', `No pipeline with name '${name}'`);
    return pipeline;
  };
  const actionOf = (pipeline: PipelineDefinition, stageName: unknown, actionName: unknown) => {
    const stage = pipeline.stages.find((s) => s.name === stageName);
    if (!stage) throw new ServiceError('StageNotFoundException', `No stage '${stageName}'`);
    const action = stage.actions.find((a) => a.name === actionName);
    if (!action) throw new ServiceError('ActionNotFoundException', `No action '${actionName}'`);
    return action;
  };
  const executionOf = (pipeline: string, executionId: unknown) => {
    const execution = executions.find((e) => e.pipeline === pipeline && e.executionId === executionId);
    if (!execution)
      throw new ServiceError('PipelineExecutionNotFoundException', `No execution '${executionId}'`);
    return execution;
  };
  const startExecution = (pipeline: string, executionId: string, status: ExecutionStatus = 'InProgress') => {
    pipelineOf(pipeline);
    const existing = executions.find((e) => e.pipeline === pipeline && e.executionId === executionId);
    if (existing) existing.status = status;
    else executions.push({ pipeline, executionId, status });
  };
  const finish = (run: ActionRun, status: ActionStatus, summary?: string, by?: string): void => {
    Object.assign(run, { status, summary, lastStatusChange: now(), lastUpdatedBy: by ?? run.lastUpdatedBy });
    // A failed action fails its stage and with it the execution.
    if (status === 'Failed') startExecution(run.pipeline, run.executionId, 'Failed');
  };
  // Each read hides a lagging token once, so it appears on read number `tokenLagCalls + 1`.
  const visibleToken = (run: ActionRun): string | undefined => {
    if (run.hiddenReads <= 0) return run.token;
    run.hiddenReads -= 1;
    return undefined;
  };
  const runsOf = (pipeline: string, stage?: string, action?: string) =>
    runs.filter(
      (r) => r.pipeline === pipeline && (stage ?? r.stage) === r.stage && (action ?? r.action) === r.action,
    );

  // Response objects may carry undefined members: JSON.stringify drops them, as AWS omits absent fields.
  const operations: Record<string, (input: Input, caller: string, region: string) => unknown> = {
    GetPipeline: (input) => {
      const pipeline = pipelineOf(input.name);
      return {
        pipeline: {
          name: pipeline.name,
          version: 1,
          executionMode: pipeline.executionMode,
          stages: pipeline.stages.map((stage) => ({
            name: stage.name,
            actions: stage.actions.map((action) => ({
              name: action.name,
              actionTypeId: {
                category: action.category,
                owner: 'AWS',
                provider: action.provider ?? 'Manual',
                version: '1',
              },
              configuration: action.configuration,
              timeoutInMinutes: action.timeoutInMinutes,
            })),
          })),
        },
      };
    },
    GetPipelineState: (input) => {
      const pipeline = pipelineOf(input.name);
      const stageStates = pipeline.stages.map((stage, index) => {
        const actionStates = stage.actions.map((action) => {
          const run = runsOf(pipeline.name, stage.name, action.name).at(-1);
          if (!run) return { actionName: action.name };
          const token = visibleToken(run);
          // PARALLEL pipelines never expose the token here (API doc: use ListActionExecutions instead).
          const shown =
            run.status === 'InProgress' && pipeline.executionMode !== 'PARALLEL' ? token : undefined;
          const { actionExecutionId, status, summary, lastUpdatedBy, externalExecutionUrl } = run;
          const lastStatusChange = seconds(run.lastStatusChange);
          const latestExecution = { actionExecutionId, status, summary, lastStatusChange, token: shown };
          return {
            actionName: action.name,
            latestExecution: { ...latestExecution, lastUpdatedBy, externalExecutionUrl },
          };
        });
        const stageRuns = runsOf(pipeline.name, stage.name);
        const pipelineExecutionId = stageRuns.at(-1)?.executionId;
        const current = stageRuns.filter((r) => r.executionId === pipelineExecutionId).map((r) => r.status);
        const failed = current.includes('Failed') ? 'Failed' : 'Succeeded';
        const status = current.includes('InProgress') ? 'InProgress' : failed;
        return {
          stageName: stage.name,
          // The first stage has no inbound transition in real responses.
          inboundTransitionState: index > 0 ? { enabled: true } : undefined,
          actionStates,
          latestExecution: pipelineExecutionId ? { pipelineExecutionId, status } : undefined,
        };
      });
      const created = seconds(pipeline.created);
      return { pipelineName: pipeline.name, pipelineVersion: 1, stageStates, created, updated: created };
    },
    PutApprovalResult: (input, caller) => {
      for (const field of ['pipelineName', 'stageName', 'actionName']) {
        const value = input[field];
        check(typeof value === 'string' && NAME.test(value), field, value, 'name');
      }
      const result = (input.result ?? {}) as Input;
      const status = DECISIONS.find((decision) => decision === result.status);
      check(status !== undefined, 'result.status', result.status, 'status');
      const summary = typeof result.summary === 'string' ? result.summary : '';
      check(summary.length <= 512, 'result.summary', summary, 'summary');
      const token = typeof input.token === 'string' && UUID.test(input.token) ? input.token : undefined;
      check(token !== undefined, 'token', input.token, 'token');
      const pipeline = pipelineOf(input.pipelineName);
      actionOf(pipeline, input.stageName, input.actionName);
      const run = runsOf(pipeline.name, String(input.stageName), String(input.actionName)).find(
        (r) => r.token === token,
      );
      if (!run) throw new ServiceError('InvalidApprovalTokenException', 'The token is not valid');
      if (run.status !== 'InProgress') {
        throw new ServiceError(
          'ApprovalAlreadyCompletedException',
          'The approval has already been completed',
        );
      }
      finish(run, status === 'Approved' ? 'Succeeded' : 'Failed', summary, caller);
      const { pipeline: name, stage, action, actionExecutionId, executionId } = run;
      const event = { pipeline: name, stage, action, token, status, summary, actionExecutionId, executionId };
      results.push(event);
      for (const listener of listeners) {
        // Like CodePipeline, the pipeline moves on after the API call has returned.
        setImmediate(() => {
          try {
            listener(structuredClone(event));
          } catch (error) {
            console.error('codepipeline stand-in: approval listener failed', error);
          }
        });
      }
      return { approvedAt: seconds(run.lastStatusChange) };
    },
    ListActionExecutions: (input, _caller, region) => {
      const pipeline = pipelineOf(input.pipelineName);
      const wanted = ((input.filter ?? {}) as Input).pipelineExecutionId;
      if (wanted !== undefined) executionOf(pipeline.name, wanted);
      // Newest first, as the real API lists them.
      const matching = runsOf(pipeline.name)
        .filter((r) => wanted === undefined || r.executionId === wanted)
        .reverse();
      const offset = input.nextToken === undefined ? 0 : Number(input.nextToken);
      if (!Number.isInteger(offset) || offset < 0)
        throw new ServiceError('InvalidNextTokenException', 'Bad nextToken');
      const limit = typeof input.maxResults === 'number' ? input.maxResults : 100;
      const actionExecutionDetails = matching.slice(offset, offset + limit).map((run) => {
        const { category, provider = 'Manual' } = actionOf(pipeline, run.stage, run.action);
        const executionResult = {
          // For approvals this is the token PutApprovalResult takes (the documented PARALLEL-mode route).
          externalExecutionId: category === 'Approval' ? visibleToken(run) : undefined,
          externalExecutionSummary: run.summary,
          externalExecutionUrl: run.externalExecutionUrl,
        };
        const actionTypeId = { category, owner: 'AWS', provider, version: '1' };
        return {
          pipelineExecutionId: run.executionId,
          actionExecutionId: run.actionExecutionId,
          pipelineVersion: 1,
          stageName: run.stage,
          actionName: run.action,
          startTime: seconds(run.startTime),
          lastUpdateTime: seconds(run.lastStatusChange),
          updatedBy: run.lastUpdatedBy,
          status: run.status,
          input: { actionTypeId, configuration: {}, resolvedConfiguration: {}, region, inputArtifacts: [] },
          output: { outputArtifacts: [], executionResult, outputVariables: {} },
        };
      });
      const more = offset + limit < matching.length;
      return { actionExecutionDetails, nextToken: more ? String(offset + limit) : undefined };
    },
    GetPipelineExecution: (input) => {
      const { name, executionMode = 'SUPERSEDED' } = pipelineOf(input.pipelineName);
      const { executionId, status } = executionOf(name, input.pipelineExecutionId);
      const trigger = {
        triggerType: 'StartPipelineExecution',
        triggerDetail: `arn:aws:iam::${ACCOUNT}:user/local`,
      };
      const common = {
        artifactRevisions: [],
        variables: [],
        trigger,
        executionMode,
        executionType: 'STANDARD',
      };
      return {
        pipelineExecution: {
          pipelineName: name,
          pipelineVersion: 1,
          pipelineExecutionId: executionId,
          status,
          ...common,
        },
      };
    },
  };

  const handle = (request: StandInRequest): StandInResponse => {
    if (request.method === 'GET')
      return jsonResponse(200, { pipelines: [...pipelines.values()], executions, runs });
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^CodePipeline_20150709\./, '');
    const scope = sigV4Scope(request.headers);
    const caller = `arn:aws:iam::${ACCOUNT}:user/${scope.accessKeyId ?? 'anonymous'}`;
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() };
    try {
      let input: Input;
      try {
        input = JSON.parse(request.body || '{}') as Input;
      } catch {
        throw new ServiceError('SerializationException', 'Request body is not valid JSON');
      }
      calls.push({ operation, input });
      const fault = faults.take(operation);
      if (fault) throw new ServiceError(fault.name, fault.message ?? `Injected ${fault.name}`, fault.status);
      const implementation = operations[operation];
      if (!implementation)
        throw new ServiceError('UnknownOperationException', `Unknown operation ${operation}`);
      for (const run of runs) {
        if (run.status === 'InProgress' && run.expiresAt && run.expiresAt <= now())
          finish(run, 'Failed', 'Timed out');
      }
      const output = implementation(input, caller, scope.region ?? options.region ?? 'us-east-1');
      return jsonResponse(200, output, headers);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      // The SDK reads `__type` first and falls back to the header; real services send both.
      const body = { __type: error.name, message: error.message };
      return jsonResponse(error.status, body, { ...headers, 'x-amzn-errortype': error.name });
    }
  };

  const server = await startHttpServer(handle, options);
  return {
    url: server.url,
    close: () => server.close(),
    definePipeline: (definition) =>
      void pipelines.set(definition.name, { ...structuredClone(definition), created: now() }),
    startExecution,
    startApprovalWait: (wait) => {
      actionOf(pipelineOf(wait.pipeline), wait.stage, wait.action);
      startExecution(wait.pipeline, wait.executionId);
      const { tokenLagCalls = 0, token = randomUUID(), ...rest } = wait;
      const at = now();
      runs.push({
        ...rest,
        status: 'InProgress',
        token,
        hiddenReads: tokenLagCalls,
        startTime: at,
        lastStatusChange: at,
      });
      return token;
    },
    completeOutside: (pipeline, stage, action, status) => {
      const run = runsOf(pipeline, stage, action).findLast((r) => r.status === 'InProgress');
      if (!run) throw new Error(`no approval in progress for ${pipeline}/${stage}/${action}`);
      const by = `arn:aws:iam::${ACCOUNT}:user/console-user`;
      finish(run, status === 'Approved' ? 'Succeeded' : 'Failed', `${status} in the console`, by);
    },
    setActionState: (change) => {
      actionOf(pipelineOf(change.pipeline), change.stage, change.action);
      startExecution(change.pipeline, change.executionId);
      const at = now();
      const existing = runsOf(change.pipeline, change.stage, change.action).find(
        (r) => r.executionId === change.executionId,
      );
      const run = existing ?? {
        ...change,
        actionExecutionId: change.actionExecutionId ?? randomUUID(),
        hiddenReads: 0,
        startTime: at,
        lastStatusChange: at,
      };
      if (!existing) runs.push(run);
      finish(run, change.status, change.summary);
      run.externalExecutionUrl = change.externalExecutionUrl ?? run.externalExecutionUrl;
      return run.actionExecutionId;
    },
    onApprovalResult: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    calls: (operation) =>
      structuredClone(calls.filter((c) => operation === undefined || c.operation === operation)),
    approvalResults: () => structuredClone(results),
    injectFault: (operation, fault, times = 1) => faults.add(operation, fault, times),
    reset: () => {
      pipelines.clear();
      executions = [];
      runs = [];
      calls = [];
      results = [];
      listeners.clear();
      faults.clear();
    },
  };
}
