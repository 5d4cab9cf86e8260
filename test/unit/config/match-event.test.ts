import { type MatchTarget, matchesTarget } from '../../../shared/config/match-event';

const buildFailed: MatchTarget = {
  level: 'action',
  pipeline: 'prod-api',
  stage: 'Build',
  action: 'Compile',
  state: 'FAILED',
  account: '123456789012',
  region: 'eu-west-1',
};

describe('matchesTarget', () => {
  it.each([
    [['*'], true],
    [['prod-*'], true],
    [['staging-*', 'prod-?pi'], true],
    [['prod-{api,web}'], true],
    [['prod'], false],
    [['Prod-*'], false],
  ])('matches pipelines %j against prod-api: %s', (pipelines, expected) => {
    // Prepare
    const match = { pipelines };

    // Act
    const matched = matchesTarget(match, buildFailed);

    // Assess
    expect(matched).toBe(expected);
  });

  it('matches stage and action globs', () => {
    // Prepare
    const match = { pipelines: ['*'], stages: ['Bui*'], actions: ['Comp[il]le', 'Test'] };

    // Act
    const matched = matchesTarget(match, buildFailed);

    // Assess
    expect(matched).toBe(true);
  });

  it('refuses when one field does not match, even if the others do', () => {
    // Prepare
    const match = { pipelines: ['prod-*'], stages: ['Deploy'] };

    // Act
    const matched = matchesTarget(match, buildFailed);

    // Assess
    expect(matched).toBe(false);
  });

  it('never matches a stage filter against an event without a stage', () => {
    // Prepare
    const pipelineFailed: MatchTarget = { level: 'pipeline', pipeline: 'prod-api', state: 'FAILED' };

    // Act
    const matched = matchesTarget({ pipelines: ['*'], stages: ['*'] }, pipelineFailed);

    // Assess
    expect(matched).toBe(false);
  });

  it('filters by level', () => {
    // Prepare
    const match = { pipelines: ['*'], levels: ['pipeline' as const, 'stage' as const] };

    // Act
    const matched = matchesTarget(match, buildFailed);

    // Assess
    expect(matched).toBe(false);
  });

  it('filters by state', () => {
    // Prepare
    const match = { pipelines: ['*'], states: ['SUCCEEDED' as const] };

    // Act
    const matched = matchesTarget(match, buildFailed);

    // Assess
    expect(matched).toBe(false);
  });

  it('filters by account and region', () => {
    // Prepare
    const match = { pipelines: ['*'], accounts: ['123456789012'], regions: ['eu-*'] };

    // Act
    const matched = matchesTarget(match, { ...buildFailed, region: 'us-east-1' });

    // Assess
    expect(matched).toBe(false);
  });

  it('lets * match names that start with a dot', () => {
    // Prepare
    const match = { pipelines: ['*'] };

    // Act
    const matched = matchesTarget(match, { ...buildFailed, pipeline: '.hidden' });

    // Assess
    expect(matched).toBe(true);
  });
});
