import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import type { RunFact } from '../../../shared/metrics/run-fact';
import { slowStagesOf, stageBaselines } from '../../../shared/metrics/slow-stages';

const MIN = 60_000;
const NOW = new Date('2026-07-10T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

const fact = (id: string, stages: RunFact['stages']): RunFact => ({
  id,
  pipeline: 'web',
  state: 'SUCCEEDED',
  start: '2026-07-01T10:00:00.000Z',
  end: '2026-07-01T11:00:00.000Z',
  stages,
  approvalWaits: [],
});

/** Ten succeeded Deploy stages of 1..10 minutes: nearest-rank p90 = rank 9 = 9 minutes. */
const TEN_DEPLOYS = Array.from({ length: 10 }, (_, i) =>
  fact(`r${i}`, { Deploy: { state: 'SUCCEEDED', ms: (i + 1) * MIN } }),
);

const running = (stage: { startedAt: string; approvalWaiting?: boolean }): ExecutionSummary => ({
  executionId: 'e1',
  pipeline: 'web',
  state: 'STARTED',
  attempt: 1,
  startTime: stage.startedAt,
  stages: {
    Deploy: {
      name: 'Deploy',
      state: 'STARTED',
      attempt: 1,
      startedAt: stage.startedAt,
      updatedAt: stage.startedAt,
      firstSeenAt: stage.startedAt,
    },
  },
  actions: stage.approvalWaiting
    ? {
        'Deploy/Approve': {
          stage: 'Deploy',
          action: 'Approve',
          category: 'Approval',
          state: 'STARTED',
          attempt: 1,
          updatedAt: stage.startedAt,
        },
      }
    : {},
  lastEventAt: stage.startedAt,
  version: 2,
});

describe('stageBaselines', () => {
  it('takes the nearest-rank p90 of succeeded stages only', () => {
    // Prepare: a failed 60-minute Deploy must not move the baseline.
    const facts = [...TEN_DEPLOYS, fact('failed', { Deploy: { state: 'FAILED', ms: 60 * MIN } })];

    // Act
    const baselines = stageBaselines(facts);

    // Assess
    expect(baselines.get('Deploy')).toEqual({ p90Ms: 9 * MIN, runs: 10 });
  });

  it('has no baseline for a stage with fewer than five measured runs', () => {
    // Act
    const baselines = stageBaselines(TEN_DEPLOYS.slice(0, 4));

    // Assess
    expect(baselines.has('Deploy')).toBe(false);
  });
});

describe('slowStagesOf', () => {
  const baselines = stageBaselines(TEN_DEPLOYS);

  it('calls a running stage slow once it passes p90 × factor', () => {
    // Act: p90 9 min × 2 = 18 min.
    const slow = slowStagesOf(running({ startedAt: ago(18 * MIN + 1) }), baselines, 2, NOW);
    const notYet = slowStagesOf(running({ startedAt: ago(18 * MIN) }), baselines, 2, NOW);

    // Assess
    expect(slow).toEqual([
      {
        stage: 'Deploy',
        attempt: 1,
        startedAt: ago(18 * MIN + 1),
        elapsedMs: 18 * MIN + 1,
        baseline: { p90Ms: 9 * MIN, runs: 10 },
      },
    ]);
    expect(notYet).toEqual([]);
  });

  it('leaves a stage waiting at a manual approval alone', () => {
    // Act
    const slow = slowStagesOf(
      running({ startedAt: ago(5 * 60 * MIN), approvalWaiting: true }),
      baselines,
      2,
      NOW,
    );

    // Assess
    expect(slow).toEqual([]);
  });

  it('leaves a stage without a baseline alone', () => {
    // Act
    const slow = slowStagesOf(running({ startedAt: ago(5 * 60 * MIN) }), new Map(), 2, NOW);

    // Assess
    expect(slow).toEqual([]);
  });
});
