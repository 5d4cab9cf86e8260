import { PipegateError } from '../../../shared/errors';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import { type NoticeSlowStagesDeps, noticeSlowStages } from '../../../shared/metrics/notice-slow-stages';
import type { OpsMetricName } from '../../../shared/metrics/ops-metrics';
import type { RunFact } from '../../../shared/metrics/run-fact';
import { testConfig } from '../../support/fakes/approval-world';
import { FakeChat } from '../../support/fakes/chat';
import { fakeClock } from '../../support/fakes/clock';
import { InMemoryHistoryStore } from '../../support/fakes/history-store';
import { RecordingLog } from '../../support/fakes/log';
import { InMemoryNotificationStore } from '../../support/fakes/notification-store';

const MIN = 60_000;
const CARD_TS = '1767000000.000100';

/** Six succeeded Deploy stages of 1 minute: p90 1 min, slow after 2 min with the default factor 2. */
const BASELINE: RunFact[] = Array.from({ length: 6 }, (_, i) => ({
  id: `r${i}`,
  pipeline: 'prod-api',
  state: 'SUCCEEDED',
  start: '2026-08-31T10:00:00.000Z',
  end: '2026-08-31T10:05:00.000Z',
  stages: { Deploy: { state: 'SUCCEEDED', ms: MIN } },
  approvalWaits: [],
}));

const runningDeploy = (executionId: string, startedAt: string, attempt = 1): ExecutionSummary => ({
  executionId,
  pipeline: 'prod-api',
  state: 'STARTED',
  attempt: 1,
  startTime: startedAt,
  stages: {
    Deploy: {
      name: 'Deploy',
      state: 'STARTED',
      attempt,
      startedAt,
      updatedAt: startedAt,
      firstSeenAt: startedAt,
    },
  },
  actions: {},
  lastEventAt: startedAt,
  version: 2,
});

const world = (summaries: ExecutionSummary[]) => {
  const clock = fakeClock('2026-09-01T12:00:00.000Z');
  const chat = new FakeChat();
  const store = new InMemoryNotificationStore();
  const counted: OpsMetricName[] = [];
  for (const summary of summaries) {
    store.putCard(summary.executionId, {
      channel: '#deploys',
      channelId: 'CDEPLOYS',
      ts: CARD_TS,
      renderedVersion: 1,
      claimedAt: summary.startTime,
    });
  }
  const deps: NoticeSlowStagesDeps = {
    history: new InMemoryHistoryStore(summaries),
    rollups: { runs: async () => BASELINE },
    chat,
    store,
    config: testConfig(),
    metrics: { count: (name) => counted.push(name), milliseconds: () => {} },
    log: new RecordingLog(),
    now: clock.now,
  };
  return { deps, chat, clock, counted };
};

describe('noticeSlowStages', () => {
  it('posts one note in the card thread, and none on later sweeps', async () => {
    // Prepare: Deploy has run 10 minutes against a 1-minute p90
    const { deps, chat, counted } = world([runningDeploy('e-slow', '2026-09-01T11:50:00.000Z')]);

    // Act
    const first = await noticeSlowStages(deps);
    const second = await noticeSlowStages(deps);

    // Assess
    expect(first).toEqual({ noticed: 1 });
    expect(second).toEqual({ noticed: 0 });
    expect(chat.posted).toHaveLength(1);
    expect(chat.posted[0]).toMatchObject({ channel: 'CDEPLOYS', threadTs: CARD_TS });
    expect(chat.posted[0]?.text).toContain('Deploy of prod-api has run 10m 00s (p90 1m 00s)');
    expect(counted).toEqual(['SlowStage']);
  });

  it('notices a retried stage (a new attempt) again', async () => {
    // Prepare
    const { deps, chat } = world([runningDeploy('e-retry', '2026-09-01T11:50:00.000Z')]);
    await noticeSlowStages(deps);
    (deps.history as InMemoryHistoryStore).putSummary(
      runningDeploy('e-retry', '2026-09-01T11:55:00.000Z', 2),
    );

    // Act
    const result = await noticeSlowStages(deps);

    // Assess
    expect(result).toEqual({ noticed: 1 });
    expect(chat.posted).toHaveLength(2);
  });

  it('says nothing within p90 × factor, nor without a card to reply to', async () => {
    // Prepare: 90 s is within 2 × 1 min; the second run has no card
    const quick = runningDeploy('e-quick', '2026-09-01T11:58:30.000Z');
    const { deps, chat } = world([quick]);
    (deps.history as InMemoryHistoryStore).putSummary(runningDeploy('e-nocard', '2026-09-01T11:00:00.000Z'));

    // Act
    const result = await noticeSlowStages(deps);

    // Assess
    expect(result).toEqual({ noticed: 0 });
    expect(chat.posted).toEqual([]);
  });

  it('leaves a failed post for the next sweep without stopping the others', async () => {
    // Prepare
    const { deps, chat } = world([
      runningDeploy('e-first', '2026-09-01T11:40:00.000Z'),
      runningDeploy('e-second', '2026-09-01T11:45:00.000Z'),
    ]);
    chat.faults.failNext('postMessage', new PipegateError('TRANSIENT', 'Slack 5xx'));

    // Act
    const first = await noticeSlowStages(deps);
    const second = await noticeSlowStages(deps);

    // Assess
    expect(first).toEqual({ noticed: 1 });
    expect(second).toEqual({ noticed: 1 });
    expect(chat.posted.map((message) => message.text)).toHaveLength(2);
  });
});
