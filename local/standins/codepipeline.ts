import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID as ACCOUNT } from './aws-account';
import { ApprovalResults } from './codepipeline-approval-result';
import type { OperationInput } from './codepipeline-json-protocol';
import {
  operationName,
  parseOperationInput,
  ServiceError,
  serviceErrorResponse,
} from './codepipeline-json-protocol';
import { PipelineModel } from './codepipeline-model';
import { codePipelineOperations } from './codepipeline-operations';
import type {
  ActionStateChange,
  ActionStatus,
  ApprovalResultEvent,
  ApprovalWait,
  CodePipelineFault,
  Decision,
  ExecutionMode,
  ExecutionStatus,
  PipelineDefinition,
} from './codepipeline-types';
import type { ServerOptions, StandInRequest, StandInResponse } from './http';
import { FaultQueue, jsonResponse, sigV4Scope, startHttpServer } from './http';

export type {
  ActionStateChange,
  ActionStatus,
  ApprovalResultEvent,
  ApprovalWait,
  CodePipelineFault,
  ExecutionMode,
  ExecutionStatus,
  PipelineDefinition,
};

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
  /** Every answer takes this long (a slow or overloaded CodePipeline); 0 = at once. */
  setLatency(ms: number): void;
  reset(): void;
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
  const model = new PipelineModel(options.now ?? (() => new Date()));
  const approvals = new ApprovalResults();
  const operations = codePipelineOperations(model, approvals);
  let calls: { operation: string; input: OperationInput }[] = [];
  const faults = new FaultQueue<CodePipelineFault>();

  let latencyMs = 0;
  const handle = async (request: StandInRequest): Promise<StandInResponse> => {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    return answer(request);
  };

  const answer = (request: StandInRequest): StandInResponse => {
    if (request.method === 'GET') {
      const { pipelines, executions, runs } = model;
      return jsonResponse(200, { pipelines: [...pipelines.values()], executions, runs });
    }
    const operation = operationName(request.headers);
    const scope = sigV4Scope(request.headers);
    const caller = `arn:aws:iam::${ACCOUNT}:user/${scope.accessKeyId ?? 'anonymous'}`;
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() };
    try {
      const input = parseOperationInput(request.body);
      calls.push({ operation, input });
      const fault = faults.take(operation);
      const injected = (f: CodePipelineFault) =>
        new ServiceError(f.name, f.message ?? `Injected ${f.name}`, f.status);
      if (fault && !fault.afterApplying) throw injected(fault);
      const implementation = operations[operation];
      if (!implementation)
        throw new ServiceError('UnknownOperationException', `Unknown operation ${operation}`);
      model.expireTimedOut();
      const output = implementation(input, caller, scope.region ?? options.region ?? 'us-east-1');
      if (fault) throw injected(fault);
      return jsonResponse(200, output, headers);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      return serviceErrorResponse(error, headers);
    }
  };

  const server = await startHttpServer(handle, options);
  return {
    url: server.url,
    close: () => server.close(),
    definePipeline: (definition) => model.define(definition),
    startExecution: (pipeline, executionId, status) => model.startExecution(pipeline, executionId, status),
    startApprovalWait: (wait) => model.startApprovalWait(wait),
    completeOutside: (pipeline, stage, action, status) =>
      model.completeOutside(pipeline, stage, action, status),
    setActionState: (change) => model.setActionState(change),
    onApprovalResult: (listener) => approvals.subscribe(listener),
    calls: (operation) =>
      structuredClone(calls.filter((c) => operation === undefined || c.operation === operation)),
    approvalResults: () => structuredClone(approvals.events),
    injectFault: (operation, fault, times = 1) => faults.add(operation, fault, times),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    reset: () => {
      latencyMs = 0;
      model.reset();
      calls = [];
      approvals.reset();
      faults.clear();
    },
  };
}
