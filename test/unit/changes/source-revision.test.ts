import { compareUrl } from '../../../shared/changes/compare-link';
import {
  repositoryOfUrl,
  revisionsOfSummary,
  toSourceRevision,
} from '../../../shared/changes/source-revision';
import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import { applyEvent } from '../../../shared/history/apply-event';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import { loadExecution } from '../../support/fixtures';

describe('source revisions', () => {
  it('reads the recorded source action: commit, message out of the CodeConnections JSON, repository', () => {
    // Prepare
    let summary: ExecutionSummary | undefined;
    for (const envelope of loadExecution('prod-api-success')) {
      summary = applyEvent(summary, parsePipelineEvent(envelope)).summary;
    }

    // Act
    const revisions = revisionsOfSummary(summary as ExecutionSummary);

    // Assess
    expect(revisions).toEqual([
      expect.objectContaining({
        name: 'Source',
        revisionId: '9c4e1f7a2b8d3e6f0a5c7b9d1e2f4a6c8b0d2e4f',
        summary: 'Add /healthz endpoint to the API',
        repo: { provider: 'github', repository: 'acme/prod-api' },
      }),
    ]);
  });

  it.each([
    ['https://github.com/acme/api/commit/abc', undefined, { provider: 'github', repository: 'acme/api' }],
    ['https://gitlab.com/acme/api/-/commit/abc', undefined, { provider: 'gitlab', repository: 'acme/api' }],
    [
      'https://bitbucket.org/acme/api/commits/abc',
      undefined,
      { provider: 'bitbucket', repository: 'acme/api' },
    ],
    [
      'https://eu-west-1.console.aws.amazon.com/codesuite/settings/connections/redirect?FullRepositoryId=acme/api&Commit=abc',
      'gitlab',
      { provider: 'gitlab', repository: 'acme/api' },
    ],
    [
      'https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/my-repo/commit/abc?region=eu-west-1',
      undefined,
      { provider: 'codecommit', repository: 'my-repo', region: 'eu-west-1' },
    ],
    [
      'https://console.aws.amazon.com/codecommit/home?region=us-east-1#/repository/legacy/commit/abc',
      undefined,
      {
        provider: 'codecommit',
        repository: 'legacy',
        region: 'us-east-1',
      },
    ],
    // The redirect URL alone does not say which host: no guess.
    [
      'https://eu-west-1.console.aws.amazon.com/codesuite/settings/connections/redirect?FullRepositoryId=a/b',
      undefined,
      undefined,
    ],
    ['https://s3.amazonaws.com/bucket/key', undefined, undefined],
    ['not a url', undefined, undefined],
  ] as const)('finds the repository of %s', (url, hint, expected) => {
    // Act
    const repo = repositoryOfUrl(url, hint);

    // Assess
    expect(repo).toEqual(expected);
  });

  it('keeps a plain summary (CodeCommit, S3) as its first line', () => {
    // Act
    const revision = toSourceRevision({
      name: 'Src',
      revisionId: 'v1',
      summary: 'Fix the thing\n\nLonger text',
    });

    // Assess
    expect(revision.summary).toBe('Fix the thing');
    expect(revision.repo).toBeUndefined();
  });
});

describe('compareUrl', () => {
  it.each([
    [{ provider: 'github', repository: 'acme/api' }, 'https://github.com/acme/api/compare/a1...b2'],
    [{ provider: 'gitlab', repository: 'acme/api' }, 'https://gitlab.com/acme/api/-/compare/a1...b2'],
    [
      { provider: 'bitbucket', repository: 'acme/api' },
      'https://bitbucket.org/acme/api/branches/compare/b2%0Da1',
    ],
    [
      { provider: 'codecommit', repository: 'my-repo', region: 'eu-west-1' },
      'https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/my-repo/compare/a1/.../b2?region=eu-west-1',
    ],
    [{ provider: 'codecommit', repository: 'my-repo' }, undefined],
  ] as const)('links %j', (repo, expected) => {
    // Act
    const url = compareUrl(repo, 'a1', 'b2');

    // Assess
    expect(url).toBe(expected);
  });

  it('encodes what could break out of the path', () => {
    // Act
    const url = compareUrl({ provider: 'github', repository: 'acme/a?b' }, 'x/../y', 'z#w');

    // Assess
    expect(url).toBe('https://github.com/acme/a%3Fb/compare/x%2F..%2Fy...z%23w');
  });
});
