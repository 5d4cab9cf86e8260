import {
  type ActionExecutionDetail,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import type { ApprovalActionRef, ApprovalActionState, PipelinePort } from '../../approvals/pipeline-port';
import type { PipegateError } from '../../errors';
import { translateAwsError } from '../aws-errors';
import type { PipelineClients } from './pipeline-clients';

const CODEPIPELINE_ERRORS = {
  service: 'CodePipeline',
  byName: {
    ApprovalAlreadyCompletedException: 'ALREADY_DECIDED',
    InvalidApprovalTokenException: 'APPROVAL_NOT_ACTIVE',
    ActionNotFoundException: 'APPROVAL_NOT_ACTIVE',
    PipelineNotFoundException: 'NOT_FOUND',
    StageNotFoundException: 'NOT_FOUND',
    PipelineExecutionNotFoundException: 'NOT_FOUND',
    ValidationException: 'INTERNAL',
  },
} as const;

const translate = (error: unknown, operation: string): PipegateError =>
  translateAwsError(error, CODEPIPELINE_ERRORS, operation);

/**
 * In PARALLEL execution mode GetPipelineState has no token; the PutApprovalResult API reference says to
 * use the action execution's output.executionResult.externalExecutionId from ListActionExecutions.
 * @see https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PutApprovalResult.html
 */
const fromActionExecutions = (details: ActionExecutionDetail[], approvalId: string): ApprovalActionState => {
  const match = details.find((detail) => detail.actionExecutionId === approvalId);
  if (!match) return { status: 'not-visible' };
  const token = match.output?.executionResult?.externalExecutionId;
  if (match.status === 'InProgress')
    return token ? { status: 'in-progress', token } : { status: 'not-visible' };
  return {
    status: 'not-in-progress',
    latestStatus: match.status ?? 'Unknown',
    updatedBy: match.updatedBy,
    summary: match.output?.executionResult?.externalExecutionSummary,
  };
};

/**
 * {@link PipelinePort} on the CodePipeline API, each call made in the pipeline's own account and region
 * with the client `clients` gives for it (an unconfigured account is refused before any call).
 */
export const createCodePipelinePort = (clients: PipelineClients): PipelinePort => ({
  async approvalState(ref: ApprovalActionRef): Promise<ApprovalActionState> {
    const client = clients.for(ref);
    try {
      const state = await client.send(new GetPipelineStateCommand({ name: ref.pipeline }));
      const action = state.stageStates
        ?.find((stage) => stage.stageName === ref.stage)
        ?.actionStates?.find((candidate) => candidate.actionName === ref.action);
      const latest = action?.latestExecution;
      // latestExecution may belong to another run (aws/aws-cdk#15441): only trust it for this action execution.
      if (latest?.actionExecutionId === ref.approvalId) {
        if (latest.status === 'InProgress' && latest.token)
          return { status: 'in-progress', token: latest.token };
        if (latest.status !== 'InProgress') {
          return {
            status: 'not-in-progress',
            latestStatus: latest.status ?? 'Unknown',
            updatedBy: latest.lastUpdatedBy,
            summary: latest.summary,
          };
        }
      }
      const listed = await client.send(
        new ListActionExecutionsCommand({
          pipelineName: ref.pipeline,
          filter: { pipelineExecutionId: ref.executionId },
        }),
      );
      return fromActionExecutions(listed.actionExecutionDetails ?? [], ref.approvalId);
    } catch (error) {
      throw translate(error, 'GetPipelineState');
    }
  },

  async executionStatus(pipeline, executionId, where = {}) {
    const client = clients.for(where);
    try {
      const result = await client.send(
        new GetPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId: executionId }),
      );
      return result.pipelineExecution?.status;
    } catch (error) {
      const translated = translate(error, 'GetPipelineExecution');
      // Gone from CodePipeline (deleted pipeline, history past 12 months): nothing to reconcile with.
      if (translated.code === 'NOT_FOUND') return undefined;
      throw translated;
    }
  },

  async approvalSettings(ref) {
    const client = clients.for(ref);
    try {
      const { pipeline } = await client.send(new GetPipelineCommand({ name: ref.pipeline }));
      const action = pipeline?.stages
        ?.find((stage) => stage.name === ref.stage)
        ?.actions?.find((candidate) => candidate.name === ref.action);
      if (!action) return undefined;
      return {
        customData: action.configuration?.CustomData,
        reviewUrl: action.configuration?.ExternalEntityLink,
        timeoutMinutes: action.timeoutInMinutes,
      };
    } catch (error) {
      throw translate(error, 'GetPipeline');
    }
  },

  async putApprovalResult(input) {
    const client = clients.for(input);
    try {
      const result = await client.send(
        new PutApprovalResultCommand({
          pipelineName: input.pipeline,
          stageName: input.stage,
          actionName: input.action,
          token: input.token,
          result: { status: input.status, summary: input.summary },
        }),
      );
      return { approvedAt: result.approvedAt?.toISOString() };
    } catch (error) {
      throw translate(error, 'PutApprovalResult');
    }
  },
});
