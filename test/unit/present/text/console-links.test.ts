import {
  commitUrl,
  executionConsoleUrl,
  pipelineConsoleUrl,
} from '../../../../shared/present/text/console-links';

describe('executionConsoleUrl', () => {
  it('links to the execution timeline in its region', () => {
    // Prepare
    const ref = { pipeline: 'prod-api', executionId: '4f1c2a9e-7b3d', region: 'us-east-2' };

    // Act
    const url = executionConsoleUrl(ref);

    // Assess
    expect(url).toBe(
      'https://us-east-2.console.aws.amazon.com/codesuite/codepipeline/pipelines/prod-api/executions/4f1c2a9e-7b3d/timeline?region=us-east-2',
    );
  });

  it('falls back to eu-west-1 when the region is unknown', () => {
    // Prepare
    const ref = { pipeline: 'prod-api', executionId: 'e1' };

    // Act
    const url = executionConsoleUrl(ref);

    // Assess
    expect(url).toMatch(/^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/.*\?region=eu-west-1$/);
  });

  it('does not put a region that is not region-shaped into the host name', () => {
    // Prepare
    const ref = { pipeline: 'prod-api', executionId: 'e1', region: 'evil.example.com/x' };

    // Act
    const url = executionConsoleUrl(ref);

    // Assess
    expect(new URL(url).host).toBe('eu-west-1.console.aws.amazon.com');
  });

  it('URL-encodes the pipeline and execution id', () => {
    // Prepare
    const ref = { pipeline: 'a b/c', executionId: 'x?y', region: 'eu-west-1' };

    // Act
    const url = executionConsoleUrl(ref);

    // Assess
    expect(url).toContain('/pipelines/a%20b%2Fc/executions/x%3Fy/timeline');
  });
});

describe('pipelineConsoleUrl', () => {
  it('links to the pipeline view', () => {
    // Prepare
    const ref = { pipeline: 'prod-api', region: 'eu-central-1' };

    // Act
    const url = pipelineConsoleUrl(ref);

    // Assess
    expect(url).toBe(
      'https://eu-central-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/prod-api/view?region=eu-central-1',
    );
  });
});

describe('commitUrl', () => {
  const sha = '9c4e1f7a2b8d3e6f0a5c7b9d1e2f4a6c8b0d2e4f';

  it.each([
    ['GitHub', `https://github.com/acme/prod-api/commit/${sha}`],
    ['GitLab', `https://gitlab.com/acme/prod-api/-/commit/${sha}`],
    ['Bitbucket', `https://bitbucket.org/acme/prod-api/commits/${sha}`],
  ])('links a %s commit', (provider, expected) => {
    // Prepare
    const trigger = { provider, repository: 'acme/prod-api', commitId: sha };

    // Act
    const url = commitUrl(trigger);

    // Assess
    expect(url).toBe(expected);
  });

  it.each([
    ['no commit id', { provider: 'GitHub', repository: 'acme/prod-api' }],
    ['no repository', { provider: 'GitHub', commitId: sha }],
    ['a self-hosted provider', { provider: 'GitHubEnterpriseServer', repository: 'acme/api', commitId: sha }],
    ['a commit id that is not a SHA', { provider: 'GitHub', repository: 'acme/api', commitId: 'main"><x' }],
  ])('gives undefined for %s', (_case, trigger) => {
    // Prepare
    const input = trigger;

    // Act
    const url = commitUrl(input);

    // Assess
    expect(url).toBeUndefined();
  });
});
