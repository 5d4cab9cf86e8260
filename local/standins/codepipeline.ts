import { randomUUID } from 'node:crypto';
import { sleep } from '../../shared/runtime/sleep';
import { AwsIdentities } from './aws-identities';
import { type PipelineWorld, PipelineWorlds } from './codepipeline-accounts';
import { ApprovalResults } from './codepipeline-approval-result';
import type { OperationInput } from './codepipeline-json-protocol';
import {
  operationName,
  parseOperationInput,
  ServiceError,
  serviceErrorResponse,
} from './codepipeline-json-protocol';
import type {
  ActionStateChange,
  ActionStatus,
  ApprovalResultEvent,
  ApprovalWait,
  CodePipelineFault,
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
  PipelineWorld,
};

export interface CodePipelineStandIn extends PipelineWorld {
  url: string;
  close(): Promise<void>;
  /** Pipelines in another account and region, seen only by that account's credentials (AssumeRole). */
  inAccount(account: string, region: string): PipelineWorld;
  calls(operation?: string): { operation: string; input: Record<string, unknown> }[];
  /** Who signed each call and where it went: account and region reached, access key id, caller ARN. */
  signedCalls(operation?: string): SignedCall[];
  approvalResults(): ApprovalResultEvent[];
  injectFault(operation: string, fault: CodePipelineFault, times?: number): void;
  /** Every answer takes this long (a slow or overloaded CodePipeline); 0 = at once. */
  setLatency(ms: number): void;
  reset(): void;
}

export interface SignedCall {
  operation: string;
  account: string;
  region: string;
  accessKeyId: string;
  caller: string;
  input: Record<string, unknown>;
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
  options: ServerOptions & { now?: () => Date; region?: string; identities?: AwsIdentities } = {},
): Promise<CodePipelineStandIn> {
  const identities = options.identities ?? new AwsIdentities();
  const approvals = new ApprovalResults();
  const worlds = new PipelineWorlds(identities.homeAccount, options.now ?? (() => new Date()), approvals);
  let calls: { operation: string; input: OperationInput }[] = [];
  let signed: SignedCall[] = [];
  const faults = new FaultQueue<CodePipelineFault>();

  let latencyMs = 0;
  const handle = async (request: StandInRequest): Promise<StandInResponse> => {
    if (latencyMs > 0) await sleep(latencyMs);
    return answer(request);
  };

  const answer = (request: StandInRequest): StandInResponse => {
    if (request.method === 'GET') {
      const { pipelines, executions, runs } = worlds.home.model;
      return jsonResponse(200, { pipelines: [...pipelines.values()], executions, runs });
    }
    const operation = operationName(request.headers);
    const scope = sigV4Scope(request.headers);
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() };
    try {
      const input = parseOperationInput(request.body);
      calls.push({ operation, input });
      const caller = identities.whoIs(scope.accessKeyId);
      if (!caller)
        throw new ServiceError(
          'ExpiredTokenException',
          'The security token included in the request is expired',
        );
      const region = scope.region ?? options.region ?? 'us-east-1';
      signed.push({
        operation,
        account: caller.account,
        region,
        accessKeyId: caller.accessKeyId,
        caller: caller.arn,
        input,
      });
      const fault = faults.take(operation);
      const injected = (f: CodePipelineFault) =>
        new ServiceError(f.name, f.message ?? `Injected ${f.name}`, f.status);
      if (fault && !fault.afterApplying) throw injected(fault);
      const world = worlds.reachedBy(caller.account, region);
      const implementation = world.operations[operation];
      if (!implementation)
        throw new ServiceError('UnknownOperationException', `Unknown operation ${operation}`);
      for (const each of worlds.all()) each.model.expireTimedOut();
      const output = implementation(input, caller.arn, region);
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
    ...worlds.view(worlds.home),
    inAccount: (account, region) => worlds.view(worlds.world(account, region)),
    calls: (operation) =>
      structuredClone(calls.filter((c) => operation === undefined || c.operation === operation)),
    signedCalls: (operation) =>
      structuredClone(signed.filter((c) => operation === undefined || c.operation === operation)),
    approvalResults: () => structuredClone(approvals.events),
    injectFault: (operation, fault, times = 1) => faults.add(operation, fault, times),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    reset: () => {
      latencyMs = 0;
      worlds.reset();
      calls = [];
      signed = [];
      approvals.reset();
      faults.clear();
    },
  };
}
