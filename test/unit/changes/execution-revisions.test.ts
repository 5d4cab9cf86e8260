import { CodePipelineClient, GetPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { createExecutionRevisions } from '../../../shared/adapters/codepipeline/execution-revisions';
import { PipegateError } from '../../../shared/errors';

const codepipeline = mockClient(CodePipelineClient);
const client = new CodePipelineClient({ region: 'eu-west-1' });
const revisions = createExecutionRevisions({ for: () => client });

const notFound = (name: string) => Object.assign(new Error(name), { name });

beforeEach(() => codepipeline.reset());

describe('createExecutionRevisions (GetPipelineExecution)', () => {
  it('reads artifactRevisions as source revisions: id, message, URL and repository', async () => {
    // Prepare
    codepipeline
      .on(GetPipelineExecutionCommand, { pipelineName: 'prod-api', pipelineExecutionId: 'e1' })
      .resolves({
        pipelineExecution: {
          artifactRevisions: [
            {
              name: 'SourceArtifact',
              revisionId: 'abc123',
              revisionSummary: '{"ProviderType":"Bitbucket","CommitMessage":"Fix it\\n\\nbody"}',
              revisionUrl:
                'https://eu-west-1.console.aws.amazon.com/codesuite/settings/connections/redirect?FullRepositoryId=acme/api&Commit=abc123',
            },
            { name: 'NoRevision' },
          ],
        },
      });

    // Act
    const found = await revisions.executionRevisions('prod-api', 'e1');

    // Assess
    expect(found).toEqual([
      expect.objectContaining({
        name: 'SourceArtifact',
        revisionId: 'abc123',
        summary: 'Fix it',
        repo: { provider: 'bitbucket', repository: 'acme/api' },
      }),
    ]);
  });

  it('has no revisions for an execution CodePipeline no longer knows', async () => {
    // Prepare
    codepipeline.on(GetPipelineExecutionCommand).rejects(notFound('PipelineExecutionNotFoundException'));

    // Act
    const found = await revisions.executionRevisions('prod-api', 'gone');

    // Assess
    expect(found).toEqual([]);
  });

  it('turns other failures into one TRANSIENT error', async () => {
    // Prepare
    codepipeline.on(GetPipelineExecutionCommand).rejects(notFound('ThrottlingException'));

    // Act
    const attempt = revisions.executionRevisions('prod-api', 'e1');

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(PipegateError);
    await expect(attempt).rejects.toMatchObject({ code: 'TRANSIENT' });
  });
});
