import type { ExecutionState } from '../../shared/events/pipeline-event';
import type { EnvelopeSpec } from './envelopes';

export interface ActionPlan {
  name: string;
  category: string;
  provider: string;
  /** Makes this action fail with an execution result like CodeBuild's. */
  failure?: { errorCode: string; summary: string; externalUrl: string };
  /** The action's configuration in the pipeline definition (e.g. CustomData, ExternalEntityLink). */
  configuration?: Record<string, string>;
  timeoutInMinutes?: number;
  /** Output artifact names, as the pipeline declares them (GetPipeline). */
  outputArtifacts?: string[];
  /** The execution result a successful action reports (a source action's revision). */
  result?: Record<string, string>;
}

export interface StagePlan {
  name: string;
  actions: ActionPlan[];
}

export interface ExecutionPlan {
  pipeline: string;
  /** The AWS account and region the pipeline lives in; absent means the central account's. */
  account?: string;
  region?: string;
  /** How the pipeline runs concurrent executions (CodePipeline's default is SUPERSEDED). */
  executionMode?: 'SUPERSEDED' | 'QUEUED' | 'PARALLEL';
  executionId: string;
  start: Date;
  stages: StagePlan[];
  trigger: Record<string, unknown>;
  /** Stop before this stage and end the execution SUPERSEDED (a newer run overtook it). */
  supersededBefore?: string;
  /** Step between consecutive events, in seconds. */
  stepSeconds?: number;
  /**
   * A retry of this (failed) execution from `fromStage`, as the console's "Retry stage" does: the pipeline
   * RESUMES, and the stage's actions run again with new action execution ids in the same execution.
   */
  retry?: { fromStage: string; attempt: number };
}

/** What an approval action waits for; the live simulator asks the CodePipeline stand-in. */
export type ApprovalGate = (approval: {
  pipeline: string;
  account?: string;
  region?: string;
  executionId: string;
  stage: string;
  action: string;
  actionExecutionId: string;
}) => Promise<{ status: 'Approved' | 'Rejected'; summary?: string }>;

export const autoApprove: ApprovalGate = async () => ({ status: 'Approved' });

/**
 * Plays a plan the way CodePipeline would emit it, one envelope spec at a time; approval actions wait for
 * the gate's decision (Reject fails the action, its stage and the execution, as in CodePipeline).
 */
export async function* playExecution(
  plan: ExecutionPlan,
  gate: ApprovalGate = autoApprove,
): AsyncGenerator<EnvelopeSpec> {
  const step = (plan.stepSeconds ?? 7) * 1000;
  let clock = plan.start.getTime();
  const base = {
    pipeline: plan.pipeline,
    executionId: plan.executionId,
    executionStartTime: plan.start.toISOString(),
    ...(plan.account ? { account: plan.account } : {}),
    ...(plan.region ? { region: plan.region } : {}),
    // Every event of a retried execution carries the next pipeline-execution-attempt.
    ...(plan.retry ? { attempt: plan.retry.attempt + 1 } : {}),
  };
  const spec = (fields: Omit<EnvelopeSpec, keyof typeof base | 'time'>): EnvelopeSpec => {
    const built = { ...base, ...fields, time: new Date(clock).toISOString() };
    clock += step;
    return built;
  };

  const { retry } = plan;
  yield spec(
    retry
      ? { level: 'pipeline', state: 'RESUMED' }
      : { level: 'pipeline', state: 'STARTED', trigger: plan.trigger },
  );
  const first = retry ? plan.stages.findIndex((stage) => stage.name === retry.fromStage) : 0;
  if (first < 0) throw new Error(`no stage ${retry?.fromStage} to retry from`);
  let final: ExecutionState = 'SUCCEEDED';
  for (const stage of plan.stages.slice(first)) {
    if (stage.name === plan.supersededBefore) {
      final = 'SUPERSEDED';
      break;
    }
    const resumed = stage.name === retry?.fromStage;
    yield spec({ level: 'stage', stage: stage.name, state: resumed ? 'RESUMED' : 'STARTED' });
    let stageState: ExecutionState = 'SUCCEEDED';
    for (const [index, action] of stage.actions.entries()) {
      const attempt = retry ? `-r${retry.attempt}` : '';
      const actionExecutionId =
        `${plan.executionId.slice(0, 8)}-${stage.name}-${index}${attempt}`.toLowerCase();
      const common = {
        level: 'action' as const,
        stage: stage.name,
        action: action.name,
        actionExecutionId,
        category: action.category,
        provider: action.provider,
      };
      // CodePipeline shows the action waiting before it announces it, so the gate opens first.
      const pending =
        action.category === 'Approval'
          ? gate({ ...base, stage: stage.name, action: action.name, actionExecutionId })
          : undefined;
      yield spec({ ...common, state: 'STARTED' });
      let failure = action.failure;
      if (pending) {
        const decision = await pending;
        if (decision.status === 'Rejected') {
          failure = { errorCode: 'Rejected', summary: decision.summary ?? 'Rejected', externalUrl: '' };
        }
      }
      if (failure) {
        const result: Record<string, string> = {
          'external-execution-summary': failure.summary,
          'error-code': failure.errorCode,
        };
        if (failure.externalUrl) result['external-execution-url'] = failure.externalUrl;
        yield spec({ ...common, state: 'FAILED', result });
        stageState = 'FAILED';
        break;
      }
      yield spec({ ...common, state: 'SUCCEEDED', ...(action.result ? { result: action.result } : {}) });
    }
    yield spec({ level: 'stage', stage: stage.name, state: stageState });
    if (stageState === 'FAILED') {
      final = 'FAILED';
      break;
    }
  }
  yield spec({ level: 'pipeline', state: final });
}

/** All envelope specs of a plan, approvals auto-approved (benchmarks and tests). */
export const scriptExecution = async (
  plan: ExecutionPlan,
  gate: ApprovalGate = autoApprove,
): Promise<EnvelopeSpec[]> => {
  const specs: EnvelopeSpec[] = [];
  for await (const spec of playExecution(plan, gate)) specs.push(spec);
  return specs;
};
