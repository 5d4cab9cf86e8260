import { GetPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import type { ExecutionRevisions } from '../../changes/change-ports';
import { type SourceRevision, toSourceRevision } from '../../changes/source-revision';
import { PipegateError } from '../../errors';
import type { PipelineClients } from './pipeline-clients';

/**
 * {@link ExecutionRevisions} on GetPipelineExecution's `artifactRevisions` (name, revisionId, revisionSummary,
 * revisionUrl), asked in the pipeline's own account and region. An execution CodePipeline no longer knows
 * (history past 12 months, deleted pipeline) has no revisions rather than an error.
 * @see https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ArtifactRevision.html
 */
export const createExecutionRevisions = (clients: PipelineClients): ExecutionRevisions => ({
  async executionRevisions(pipeline, executionId, where = {}) {
    const client = clients.for(where);
    try {
      const result = await client.send(
        new GetPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId: executionId }),
      );
      return (result.pipelineExecution?.artifactRevisions ?? []).flatMap((artifact): SourceRevision[] =>
        artifact.revisionId
          ? [
              toSourceRevision({
                name: artifact.name ?? 'Source',
                revisionId: artifact.revisionId,
                summary: artifact.revisionSummary,
                url: artifact.revisionUrl,
              }),
            ]
          : [],
      );
    } catch (error) {
      if (error instanceof PipegateError) throw error;
      const name = error instanceof Error ? error.name : 'UnknownError';
      if (name === 'PipelineExecutionNotFoundException' || name === 'PipelineNotFoundException') return [];
      throw new PipegateError('TRANSIENT', `CodePipeline GetPipelineExecution failed: ${name}`, {
        cause: error,
        details: { operation: 'GetPipelineExecution', awsError: name },
      });
    }
  },
});
