import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
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

  it('names each revision by the source action that produced its artifact (GetPipeline at the run’s version)', async () => {
    // Prepare: two sources, GitHub through CodeConnections and CodeCommit
    const client = new CodePipelineClient({ region: 'eu-west-1' });
    const adapter = createExecutionRevisions({ for: () => client });
    codepipeline.on(GetPipelineExecutionCommand).resolves({
      pipelineExecution: {
        pipelineVersion: 7,
        artifactRevisions: [
          {
            name: 'AppSource',
            revisionId: 'abc123',
            revisionUrl: 'https://github.com/acme/api/commit/abc123',
          },
          { name: 'ConfigSource', revisionId: 'def456' },
        ],
      },
    });
    codepipeline.on(GetPipelineCommand, { name: 'prod-api', version: 7 }).resolves({
      pipeline: {
        name: 'prod-api',
        roleArn: 'arn:aws:iam::123456789012:role/pipeline',
        stages: [
          {
            name: 'Source',
            actions: [
              {
                name: 'App',
                actionTypeId: {
                  category: 'Source',
                  owner: 'AWS',
                  provider: 'CodeStarSourceConnection',
                  version: '1',
                },
                outputArtifacts: [{ name: 'AppSource' }],
              },
              {
                name: 'Config',
                actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
                outputArtifacts: [{ name: 'ConfigSource' }],
              },
            ],
          },
          {
            name: 'Build',
            actions: [
              {
                name: 'Build',
                actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
                outputArtifacts: [{ name: 'BuildOutput' }],
              },
            ],
          },
        ],
      },
    });

    // Act
    const first = await adapter.executionRevisions('prod-api', 'e1');
    const again = await adapter.executionRevisions('prod-api', 'e2');

    // Assess
    expect(first.map((revision) => revision.name)).toEqual(['App', 'Config']);
    expect(again.map((revision) => revision.name)).toEqual(['App', 'Config']);
    // One declaration per pipeline version, however many runs are looked up.
    expect(codepipeline.commandCalls(GetPipelineCommand)).toHaveLength(1);
  });

  it('keeps the artifact names when GetPipeline fails', async () => {
    // Prepare
    const client = new CodePipelineClient({ region: 'eu-west-1' });
    const adapter = createExecutionRevisions({ for: () => client });
    codepipeline.on(GetPipelineExecutionCommand).resolves({
      pipelineExecution: {
        pipelineVersion: 2,
        artifactRevisions: [{ name: 'AppSource', revisionId: 'abc123' }],
      },
    });
    codepipeline.on(GetPipelineCommand).rejects(notFound('AccessDeniedException'));

    // Act
    const found = await adapter.executionRevisions('prod-api', 'e1');

    // Assess
    expect(found.map((revision) => revision.name)).toEqual(['AppSource']);
  });
});
