import type { CodePipelineStandIn } from '../standins/codepipeline';
import type { ApprovalGate, ExecutionPlan } from './execution-script';

/**
 * An approval gate backed by the CodePipeline stand-in: the approval action waits (with a token that
 * shows up one read late, like the real service) until someone calls PutApprovalResult through pipegate.
 */
export const standInApprovalGate =
  (codepipeline: CodePipelineStandIn): ApprovalGate =>
  (approval) =>
    new Promise((resolve) => {
      const unsubscribe = codepipeline.onApprovalResult((result) => {
        if (result.actionExecutionId !== approval.actionExecutionId) return;
        unsubscribe();
        resolve({ status: result.status, summary: result.summary });
      });
      codepipeline.startApprovalWait({ ...approval, tokenLagCalls: 1 });
    });

/** Teaches the stand-in the shape of every simulated pipeline (GetPipelineState lists its stages). */
export const definePipelines = (codepipeline: CodePipelineStandIn, plans: readonly ExecutionPlan[]): void => {
  for (const plan of plans) {
    codepipeline.definePipeline({
      name: plan.pipeline,
      executionMode: plan.executionMode,
      stages: plan.stages.map((stage) => ({
        name: stage.name,
        actions: stage.actions.map((action) => ({
          name: action.name,
          category: action.category,
          provider: action.provider,
          configuration: action.configuration,
          timeoutInMinutes: action.timeoutInMinutes,
        })),
      })),
    });
  }
};
