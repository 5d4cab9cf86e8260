import { LOCAL_ACCOUNT_ID as ACCOUNT } from './aws-account';
import type { ApprovalResults } from './codepipeline-approval-result';
import { putApprovalResult } from './codepipeline-approval-result';
import type { OperationInput } from './codepipeline-json-protocol';
import { ServiceError, seconds } from './codepipeline-json-protocol';
import type { PipelineModel } from './codepipeline-model';

/** One JSON 1.1 operation: its input, the caller's IAM ARN and region in, the output object out. */
export type Operation = (input: OperationInput, caller: string, region: string) => unknown;

/**
 * The CodePipeline operations the stand-in serves from `model`: GetPipeline, GetPipelineState,
 * PutApprovalResult, ListActionExecutions and GetPipelineExecution.
 *
 * @example
 * const operations = codePipelineOperations(model, approvals);
 * operations.GetPipelineState({ name: 'app' }, callerArn, 'eu-west-1');
 */
export function codePipelineOperations(
  model: PipelineModel,
  approvals: Pick<ApprovalResults, 'record'>,
): Record<string, Operation> {
  // Response objects may carry undefined members: JSON.stringify drops them, as AWS omits absent fields.
  return {
    GetPipeline: (input) => {
      const pipeline = model.pipelineOf(input.name);
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
              outputArtifacts: (action.outputArtifacts ?? []).map((name) => ({ name })),
            })),
          })),
        },
      };
    },
    GetPipelineState: (input) => {
      const pipeline = model.pipelineOf(input.name);
      const stageStates = pipeline.stages.map((stage, index) => {
        const actionStates = stage.actions.map((action) => {
          const run = model.runsOf(pipeline.name, stage.name, action.name).at(-1);
          if (!run) return { actionName: action.name };
          const token = model.visibleToken(run);
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
        const stageRuns = model.runsOf(pipeline.name, stage.name);
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
    PutApprovalResult: (input, caller) => putApprovalResult(model, approvals, input, caller),
    ListActionExecutions: (input, _caller, region) => {
      const pipeline = model.pipelineOf(input.pipelineName);
      const wanted = ((input.filter ?? {}) as OperationInput).pipelineExecutionId;
      if (wanted !== undefined) model.executionOf(pipeline.name, wanted);
      // Newest first, as the real API lists them.
      const matching = model
        .runsOf(pipeline.name)
        .filter((r) => wanted === undefined || r.executionId === wanted)
        .reverse();
      const offset = input.nextToken === undefined ? 0 : Number(input.nextToken);
      if (!Number.isInteger(offset) || offset < 0)
        throw new ServiceError('InvalidNextTokenException', 'Bad nextToken');
      const limit = typeof input.maxResults === 'number' ? input.maxResults : 100;
      const actionExecutionDetails = matching.slice(offset, offset + limit).map((run) => {
        const { category, provider = 'Manual' } = model.actionOf(pipeline, run.stage, run.action);
        const executionResult = {
          // For approvals this is the token PutApprovalResult takes (the documented PARALLEL-mode route).
          externalExecutionId: category === 'Approval' ? model.visibleToken(run) : undefined,
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
      const { name, executionMode = 'SUPERSEDED' } = model.pipelineOf(input.pipelineName);
      const {
        executionId,
        status,
        artifactRevisions = [],
      } = model.executionOf(name, input.pipelineExecutionId);
      const trigger = {
        triggerType: 'StartPipelineExecution',
        triggerDetail: `arn:aws:iam::${ACCOUNT}:user/local`,
      };
      const common = {
        artifactRevisions,
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
}
