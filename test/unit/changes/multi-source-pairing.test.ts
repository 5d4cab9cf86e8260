import type { SourceRevision } from '../../../shared/changes/source-revision';
import { toSourceRevision } from '../../../shared/changes/source-revision';
import { summariseChanges } from '../../../shared/changes/summarise-changes';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import { earlierFrom, quietLog, revisionsFrom } from './fakes';
import { run, SHA } from './runs';

const CONFIG_SHA = {
  shipped: 'aaaa000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  waiting: 'bbbb000bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
};
const GITHUB_URL = (commit: string) =>
  `https://eu-west-1.console.aws.amazon.com/codesuite/settings/connections/redirect?FullRepositoryId=acme/prod-api&Commit=${commit}`;
const CODECOMMIT_URL = (commit: string) =>
  `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/infra-config/commit/${commit}?region=eu-west-1`;

/** The run waiting for approval: two source actions reported their revisions in their events. */
const current = (): ExecutionSummary => {
  const summary = run({ id: 'e2', start: '2026-11-20T12:00:00Z', commit: SHA.c });
  const app = summary.actions['Source/Source'];
  if (!app) throw new Error('the fixture run has a Source action');
  return {
    ...summary,
    actions: {
      ...summary.actions,
      'Source/Config': {
        ...app,
        action: 'Config',
        provider: 'CodeCommit',
        result: {
          externalId: CONFIG_SHA.waiting,
          summary: 'Raise the pool size',
          externalUrl: CODECOMMIT_URL(CONFIG_SHA.waiting),
        },
      },
    },
  };
};

/** The run that shipped: its events carried no revisions, so they come from GetPipelineExecution. */
const shipped = () =>
  run({
    id: 'e1',
    start: '2026-11-20T09:00:00Z',
    state: 'SUCCEEDED',
    passed: ['Source', 'Build', 'Approval'],
  });

/** GetPipelineExecution's artifactRevisions of the shipped run, named as `names` say. */
const listed = (names: { app: string; config: string }): SourceRevision[] => [
  toSourceRevision({
    name: names.config,
    revisionId: CONFIG_SHA.shipped,
    summary: 'Pool size 10',
    url: CODECOMMIT_URL(CONFIG_SHA.shipped),
  }),
  toSourceRevision({
    name: names.app,
    revisionId: SHA.a,
    summary: '{"ProviderType":"GitHub","CommitMessage":"Release 2.3"}',
    url: GITHUB_URL(SHA.a),
  }),
];

const summarise = (then: SourceRevision[]) =>
  summariseChanges(current(), 'Approval', {
    earlier: earlierFrom([shipped()]),
    pipeline: revisionsFrom({ e1: then }),
    log: quietLog(),
  });

const EXPECTED = [
  expect.objectContaining({
    name: 'Config',
    previous: expect.objectContaining({ revisionId: CONFIG_SHA.shipped }),
    provider: 'codecommit',
    compareUrl: `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/infra-config/compare/${CONFIG_SHA.shipped}/.../${CONFIG_SHA.waiting}?region=eu-west-1`,
  }),
  expect.objectContaining({
    name: 'Source',
    previous: expect.objectContaining({ revisionId: SHA.a }),
    provider: 'github',
    compareUrl: `https://github.com/acme/prod-api/compare/${SHA.a}...${SHA.c}`,
  }),
];

describe('two sources of mixed origin (GitHub and CodeCommit; events now, GetPipelineExecution then)', () => {
  it('pairs each source with its own when the artifacts are named by their actions (GetPipeline)', async () => {
    // Act
    const changes = await summarise(listed({ app: 'Source', config: 'Config' }));

    // Assess
    expect(changes.sources).toEqual(EXPECTED);
  });

  it('pairs them by repository when only the artifact names are known', async () => {
    // Act
    const changes = await summarise(listed({ app: 'SourceArtifact', config: 'ConfigArtifact' }));

    // Assess
    expect(changes.sources).toEqual(EXPECTED);
  });

  it('leaves a source unpaired rather than guess between two of the same repository', async () => {
    // Prepare: both artifacts then came from acme/prod-api, under names events do not use
    const then = listed({ app: 'SourceArtifact', config: 'ConfigArtifact' }).map((revision) => ({
      ...revision,
      repo: { provider: 'github' as const, repository: 'acme/prod-api' },
    }));

    // Act
    const changes = await summarise(then);

    // Assess
    expect(changes.sources.find((source) => source.name === 'Source')?.previous).toBeUndefined();
  });
});
