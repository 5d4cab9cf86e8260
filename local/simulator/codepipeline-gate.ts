import { LOCAL_ACCOUNT_ID } from '../standins/aws-account';
import type { CodePipelineStandIn, PipelineWorld } from '../standins/codepipeline';
import type { ApprovalGate, ExecutionPlan } from './execution-script';

/** The stand-in's pipelines of the account and region a plan runs in (the central account's by default). */
export const worldOf = (
  codepipeline: CodePipelineStandIn,
  where: { account?: string; region?: string },
): PipelineWorld =>
  where.account && where.account !== LOCAL_ACCOUNT_ID
    ? codepipeline.inAccount(where.account, where.region ?? 'eu-west-1')
    : codepipeline;

/**
 * An approval gate backed by the CodePipeline stand-in: the approval action waits (with a token that
 * shows up one read late, like the real service) until someone calls PutApprovalResult through pipegate.
 */
export const standInApprovalGate =
  (codepipeline: CodePipelineStandIn): ApprovalGate =>
  (approval) =>
    new Promise((resolve) => {
      const world = worldOf(codepipeline, approval);
      const unsubscribe = world.onApprovalResult((result) => {
        if (result.actionExecutionId !== approval.actionExecutionId) return;
        unsubscribe();
        resolve({ status: result.status, summary: result.summary });
      });
      const { account: _account, region: _region, ...wait } = approval;
      world.startApprovalWait({ ...wait, tokenLagCalls: 1 });
    });

/** Teaches the stand-in the shape of every simulated pipeline (GetPipelineState lists its stages). */
export const definePipelines = (codepipeline: CodePipelineStandIn, plans: readonly ExecutionPlan[]): void => {
  for (const plan of plans) {
    worldOf(codepipeline, plan).definePipeline({
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
          outputArtifacts: action.outputArtifacts,
        })),
      })),
    });
  }
};
