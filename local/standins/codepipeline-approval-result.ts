import type { OperationInput } from './codepipeline-json-protocol';
import { ServiceError, seconds } from './codepipeline-json-protocol';
import type { PipelineModel } from './codepipeline-model';
import type { ApprovalResultEvent, Decision } from './codepipeline-types';

const NAME = /^[A-Za-z0-9.@\-_]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
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
 * Every accepted PutApprovalResult, and the listeners told about each one after the call has returned.
 *
 * @example
 * const approvals = new ApprovalResults();
 * const stop = approvals.subscribe((event) => console.log(event.status));
 */
export class ApprovalResults {
  events: ApprovalResultEvent[] = [];
  private readonly listeners = new Set<(event: ApprovalResultEvent) => void>();

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: ApprovalResultEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  record(event: ApprovalResultEvent): void {
    this.events.push(event);
    for (const listener of this.listeners) {
      // Like CodePipeline, the pipeline moves on after the API call has returned.
      setImmediate(() => {
        try {
          listener(structuredClone(event));
        } catch (error) {
          console.error('codepipeline stand-in: approval listener failed', error);
        }
      });
    }
  }

  reset(): void {
    this.events = [];
    this.listeners.clear();
  }
}

/**
 * The PutApprovalResult operation: validates the input as the service does, decides the approval run the
 * token belongs to, and records the result.
 *
 * @example
 * putApprovalResult(model, approvals, { pipelineName: 'app', stageName: 'Gate', actionName: 'Approve',
 *   token, result: { status: 'Approved', summary: 'ok' } }, callerArn); // { approvedAt: 1704067200 }
 */
export function putApprovalResult(
  model: PipelineModel,
  approvals: Pick<ApprovalResults, 'record'>,
  input: OperationInput,
  caller: string,
): { approvedAt: number } {
  for (const field of ['pipelineName', 'stageName', 'actionName']) {
    const value = input[field];
    check(typeof value === 'string' && NAME.test(value), field, value, 'name');
  }
  const result = (input.result ?? {}) as OperationInput;
  const status = DECISIONS.find((decision) => decision === result.status);
  check(status !== undefined, 'result.status', result.status, 'status');
  const summary = typeof result.summary === 'string' ? result.summary : '';
  check(summary.length <= 512, 'result.summary', summary, 'summary');
  const token = typeof input.token === 'string' && UUID.test(input.token) ? input.token : undefined;
  check(token !== undefined, 'token', input.token, 'token');
  const pipeline = model.pipelineOf(input.pipelineName);
  model.actionOf(pipeline, input.stageName, input.actionName);
  const run = model
    .runsOf(pipeline.name, String(input.stageName), String(input.actionName))
    .find((r) => r.token === token);
  if (!run) throw new ServiceError('InvalidApprovalTokenException', 'The token is not valid');
  if (run.status !== 'InProgress') {
    throw new ServiceError('ApprovalAlreadyCompletedException', 'The approval has already been completed');
  }
  model.finish(run, status === 'Approved' ? 'Succeeded' : 'Failed', summary, caller);
  const { pipeline: name, stage, action, actionExecutionId, executionId } = run;
  approvals.record({
    pipeline: name,
    stage,
    action,
    token,
    status,
    summary,
    actionExecutionId,
    executionId,
    updatedBy: caller,
  });
  return { approvedAt: seconds(run.lastStatusChange) };
}
