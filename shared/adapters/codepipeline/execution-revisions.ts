import {
  type CodePipelineClient,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import type { PipelineLocation } from '../../accounts/account-access';
import type { ExecutionRevisions } from '../../changes/change-ports';
import { type SourceRevision, toSourceRevision } from '../../changes/source-revision';
import { PipegateError } from '../../errors';
import type { PipelineClients } from './pipeline-clients';

/** Pipeline versions whose artifact → action names are kept; a pipeline's structure is per version. */
const MAX_KEPT_VERSIONS = 200;

/** The source action behind an output artifact: its name and provider (`CodeCommit`, `CodeStarSourceConnection`…). */
export interface SourceAction {
  name: string;
  provider?: string;
}

/**
 * Each source action's output artifacts, by artifact name → action, from a pipeline declaration. Events
 * name a source by its action, GetPipelineExecution by its output artifact: this is the bridge.
 * @example sourceActionsByArtifact(pipeline); // Map { 'AppSource' => { name: 'App', … }, … }
 */
export const sourceActionsByArtifact = (
  pipeline: PipelineDeclaration | undefined,
): Map<string, SourceAction> =>
  new Map(
    (pipeline?.stages ?? []).flatMap((stage) =>
      (stage.actions ?? [])
        .filter((action) => action.actionTypeId?.category === 'Source' && action.name)
        .flatMap((action) =>
          (action.outputArtifacts ?? []).flatMap((artifact) =>
            artifact.name
              ? [
                  [
                    artifact.name,
                    { name: action.name ?? artifact.name, provider: action.actionTypeId?.provider },
                  ] as const,
                ]
              : [],
          ),
        ),
    ),
  );

/**
 * {@link ExecutionRevisions} on GetPipelineExecution's `artifactRevisions` (name, revisionId, revisionSummary,
 * revisionUrl), asked in the pipeline's own account and region. Each revision is named by the source action
 * that produced its artifact — GetPipeline at the execution's `pipelineVersion`, read once per version — so
 * it pairs with revisions the events reported; without that answer it keeps the artifact's name. An
 * execution CodePipeline no longer knows (history past 12 months, deleted pipeline) has no revisions rather
 * than an error.
 * @see https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ArtifactRevision.html
 */
export const createExecutionRevisions = (clients: PipelineClients): ExecutionRevisions => {
  const actionNames = new Map<string, Map<string, SourceAction>>();

  const actionNamesOf = async (
    client: CodePipelineClient,
    pipeline: string,
    version: number | undefined,
    where: PipelineLocation,
  ): Promise<Map<string, SourceAction>> => {
    const key = `${where.account ?? ''}/${where.region ?? ''}/${pipeline}/${version ?? 'latest'}`;
    const known = actionNames.get(key);
    if (known) return known;
    try {
      const { pipeline: declaration } = await client.send(
        new GetPipelineCommand({ name: pipeline, version }),
      );
      const names = sourceActionsByArtifact(declaration);
      if (actionNames.size >= MAX_KEPT_VERSIONS) actionNames.clear();
      // Only an exact version is kept: the latest one may change under the same key.
      if (version !== undefined) actionNames.set(key, names);
      return names;
    } catch {
      // The names only help pairing; the revisions themselves stand without them (artifact names kept).
      return new Map();
    }
  };

  return {
    async executionRevisions(pipeline, executionId, where = {}) {
      const client = clients.for(where);
      try {
        const { pipelineExecution } = await client.send(
          new GetPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId: executionId }),
        );
        const artifacts = (pipelineExecution?.artifactRevisions ?? []).filter(
          (artifact) => artifact.revisionId,
        );
        if (artifacts.length === 0) return [];
        const names = await actionNamesOf(client, pipeline, pipelineExecution?.pipelineVersion, where);
        return artifacts.map((artifact): SourceRevision => {
          const action = names.get(artifact.name ?? '');
          return toSourceRevision({
            name: action?.name ?? artifact.name ?? 'Source',
            revisionId: artifact.revisionId ?? '',
            summary: artifact.revisionSummary,
            url: artifact.revisionUrl,
            actionProvider: action?.provider,
          });
        });
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
  };
};
