import {
  createChangeSummariser,
  LOOKBACK_RUNS,
  summariseChanges,
} from '../../../shared/changes/summarise-changes';
import { PipegateError } from '../../../shared/errors';
import { commitsFrom, earlierFrom, quietLog, revisionsFrom } from './fakes';
import { run, SHA } from './runs';

const APPROVAL_PASSED = ['Source', 'Build', 'Approval'];

describe('summariseChanges', () => {
  it('compares with the last run that got past the approval stage and counts the runs in between', async () => {
    // Prepare
    const shipped = run({
      id: 'e1',
      start: '2026-11-20T09:00:00Z',
      commit: SHA.a,
      state: 'SUCCEEDED',
      passed: APPROVAL_PASSED,
    });
    const superseded = run({ id: 'e2', start: '2026-11-20T10:00:00Z', commit: SHA.b, state: 'SUPERSEDED' });
    const failed = run({
      id: 'e3',
      start: '2026-11-20T11:00:00Z',
      commit: SHA.b,
      state: 'FAILED',
      failedIn: 'Build',
    });
    const current = run({ id: 'e4', start: '2026-11-20T12:00:00Z', commit: SHA.c });
    const log = quietLog();

    // Act
    const changes = await summariseChanges(current, 'Approval', {
      earlier: earlierFrom([shipped, superseded, failed, current]),
      log,
    });

    // Assess
    expect(changes.basis).toBe('last-success');
    expect(changes.base).toEqual({ executionId: 'e1', startTime: '2026-11-20T09:00:00Z' });
    expect(changes.between).toEqual({
      count: 2,
      outcomes: [
        { outcome: 'failed in Build', count: 1 },
        { outcome: 'superseded', count: 1 },
      ],
    });
    expect(changes.sources).toEqual([
      expect.objectContaining({
        name: 'Source',
        current: expect.objectContaining({ revisionId: SHA.c, summary: 'Commit 3333333' }),
        previous: expect.objectContaining({ revisionId: SHA.a }),
        compareUrl: `https://github.com/acme/prod-api/compare/${SHA.a}...${SHA.c}`,
        commits: { status: 'no-token' },
      }),
    ]);
  });

  it('counts a run that passed the stage but failed later as the last success (its change shipped)', async () => {
    // Prepare
    const deployFailed = run({
      id: 'e1',
      start: '2026-11-20T09:00:00Z',
      commit: SHA.a,
      state: 'FAILED',
      passed: APPROVAL_PASSED,
      failedIn: 'Deploy',
    });
    const current = run({ id: 'e2', start: '2026-11-20T12:00:00Z', commit: SHA.b });

    // Act
    const changes = await summariseChanges(current, 'Approval', {
      earlier: earlierFrom([deployFailed]),
      log: quietLog(),
    });

    // Assess
    expect(changes.base?.executionId).toBe('e1');
  });

  it('says first execution when pipegate has seen no earlier run', async () => {
    // Prepare
    const current = run({ id: 'e1', start: '2026-11-20T12:00:00Z', commit: SHA.a });

    // Act
    const changes = await summariseChanges(current, 'Approval', {
      earlier: earlierFrom([current]),
      log: quietLog(),
    });

    // Assess
    expect(changes).toMatchObject({ basis: 'first-execution', looked: 0, capped: false });
    expect(changes.sources[0]?.compareUrl).toBeUndefined();
    expect(changes.sources[0]?.commits).toBeUndefined();
  });

  it('says no success when no kept run got past the stage, and stops looking at the limit', async () => {
    // Prepare
    const failures = Array.from({ length: LOOKBACK_RUNS + 5 }, (_, i) =>
      run({
        id: `f${i}`,
        start: `2026-11-${String(1 + Math.floor(i / 24)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z`,
        commit: SHA.a,
        state: 'FAILED',
        failedIn: 'Build',
      }),
    );
    const current = run({ id: 'now', start: '2026-11-30T00:00:00Z', commit: SHA.b });
    const earlier = earlierFrom(failures);

    // Act
    const changes = await summariseChanges(current, 'Approval', { earlier, log: quietLog() });

    // Assess
    expect(changes).toMatchObject({ basis: 'no-success', looked: LOOKBACK_RUNS, capped: true });
    expect(earlier.reads).toBe(1);
  });

  it('lists the commits of a GitHub range when a token is configured', async () => {
    // Prepare
    const shipped = run({
      id: 'e1',
      start: '2026-11-20T09:00:00Z',
      commit: SHA.a,
      state: 'SUCCEEDED',
      passed: APPROVAL_PASSED,
    });
    const current = run({ id: 'e2', start: '2026-11-20T12:00:00Z', commit: SHA.c });
    const commits = commitsFrom(async () => ({
      commits: [{ sha: SHA.b, title: 'Add healthz', author: 'Sam Roe', url: 'https://github.com/x' }],
      total: 25,
    }));

    // Act
    const changes = await summariseChanges(current, 'Approval', {
      earlier: earlierFrom([shipped]),
      commits,
      log: quietLog(),
    });

    // Assess
    expect(commits.calls).toEqual([`acme/prod-api ${SHA.a}...${SHA.c}`]);
    expect(changes.sources[0]?.commits).toEqual({
      status: 'listed',
      commits: [{ sha: SHA.b, title: 'Add healthz', author: 'Sam Roe' }],
      total: 25,
    });
  });

  it('still summarises when GitHub fails, saying the list is unavailable', async () => {
    // Prepare
    const shipped = run({
      id: 'e1',
      start: '2026-11-20T09:00:00Z',
      commit: SHA.a,
      state: 'SUCCEEDED',
      passed: APPROVAL_PASSED,
    });
    const current = run({ id: 'e2', start: '2026-11-20T12:00:00Z', commit: SHA.c });
    const commits = commitsFrom(async () => {
      throw new PipegateError('TRANSIENT', 'GitHub compare answered 502');
    });
    const log = quietLog();

    // Act
    const changes = await summariseChanges(current, 'Approval', {
      earlier: earlierFrom([shipped]),
      commits,
      log,
    });

    // Assess
    expect(changes.sources[0]?.commits).toEqual({ status: 'unavailable' });
    expect(changes.sources[0]?.compareUrl).toContain('/compare/');
    expect(log.warnings).toEqual(['could not list the commits of the change']);
  });

  it('does not ask GitHub for an unchanged source or a provider it cannot list', async () => {
    // Prepare
    const shipped = run({
      id: 'e1',
      start: '2026-11-20T09:00:00Z',
      commit: SHA.a,
      state: 'SUCCEEDED',
      passed: APPROVAL_PASSED,
    });
    const same = run({ id: 'e2', start: '2026-11-20T12:00:00Z', commit: SHA.a });
    const commits = commitsFrom(async () => ({ commits: [], total: 0 }));

    // Act
    const changes = await summariseChanges(same, 'Approval', {
      earlier: earlierFrom([shipped]),
      commits,
      log: quietLog(),
    });

    // Assess
    expect(changes.sources[0]).toMatchObject({ compareUrl: undefined });
    expect(changes.sources[0]?.commits).toBeUndefined();
    expect(commits.calls).toEqual([]);
  });

  it('reads the revisions from GetPipelineExecution when the events did not carry them', async () => {
    // Prepare
    const shipped = run({
      id: 'e1',
      start: '2026-11-20T09:00:00Z',
      state: 'SUCCEEDED',
      passed: APPROVAL_PASSED,
    });
    const current = run({ id: 'e2', start: '2026-11-20T12:00:00Z' });
    const pipeline = revisionsFrom({
      e1: [{ name: 'SourceArtifact', revisionId: 'v1', url: 'https://gitlab.com/acme/api/-/commit/v1' }],
      e2: [
        { name: 'SourceArtifact', revisionId: 'v2', repo: { provider: 'gitlab', repository: 'acme/api' } },
      ],
    });

    // Act
    const changes = await summariseChanges(current, 'Approval', {
      earlier: earlierFrom([shipped]),
      pipeline,
      log: quietLog(),
    });

    // Assess
    expect(pipeline.asked.sort()).toEqual(['e1', 'e2']);
    expect(changes.sources).toEqual([
      expect.objectContaining({
        name: 'SourceArtifact',
        compareUrl: 'https://gitlab.com/acme/api/-/compare/v1...v2',
        commits: { status: 'not-supported' },
      }),
    ]);
  });
});

describe('createChangeSummariser', () => {
  it('leaves the summary out instead of failing the request when the history cannot be read', async () => {
    // Prepare
    const log = quietLog();
    const summarise = createChangeSummariser({
      earlier: {
        before: async () => {
          throw new PipegateError('TRANSIENT', 'DynamoDB Query failed');
        },
      },
      log,
    });

    // Act
    const changes = await summarise(
      run({ id: 'e1', start: '2026-11-20T12:00:00Z', commit: SHA.a }),
      'Approval',
    );

    // Assess
    expect(changes).toBeUndefined();
    expect(log.warnings).toEqual(['approval requested without a change summary']);
  });
});
