import { PipegateError } from '../../../shared/errors';
import type { PipelineEvent, PipelineLevelEvent } from '../../../shared/events/pipeline-event';
import type { ExecutionSummary, StageSummary } from '../../../shared/history/execution-summary';
import type { Recorded } from '../../../shared/history/record-event';
import { createNotifyReaction } from '../../../shared/notify/notify-execution';
import { approvalWorld, notifyDepsOf, TOPIC_ARN, testConfig } from '../../support/fakes/approval-world';
import { executionSummary } from '../approvals/link-fixtures';

const ROUTES = `
routes:
  - match: { pipelines: ["prod-*"] }
    slack: { channels: ["#deploys"] }
  - match: { pipelines: ["prod-*"], states: [FAILED] }
    slack: { channels: ["#deploys"], mentions: [U0ALICE01] }
    sns: { topics: [default] }
`;

const event = (overrides: Partial<PipelineLevelEvent> = {}): PipelineLevelEvent => ({
  eventId: 'evt-1',
  level: 'pipeline',
  pipeline: 'prod-api',
  executionId: '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
  state: 'STARTED',
  time: '2026-09-01T11:50:00.000Z',
  attempt: 1,
  ...overrides,
});

const recorded = (
  at: PipelineEvent,
  summary: ExecutionSummary,
  previous?: ExecutionSummary,
  outcome: 'new' | 'stale' = 'new',
): Recorded => ({ outcome, event: at, summary, previous });

describe('the notify reaction: a card per execution and channel, replies and emails on failures', () => {
  it('posts the execution card in each routed channel, and no email for a start', async () => {
    // Prepare
    const world = approvalWorld({ config: testConfig(ROUTES) });
    const summary = executionSummary({ version: 1 });

    // Act
    await createNotifyReaction(notifyDepsOf(world))(recorded(event(), summary));

    // Assess
    expect(world.chat.posted).toEqual([expect.objectContaining({ channel: '#deploys' })]);
    expect(world.mail.published).toHaveLength(0);
  });

  it('on a failed execution updates the card, replies in its thread with the mentions, and emails once', async () => {
    const world = approvalWorld({ config: testConfig(ROUTES) });
    const react = createNotifyReaction(notifyDepsOf(world));
    const started = executionSummary({ version: 1 });
    await react(recorded(event(), started));
    const failed = executionSummary({ state: 'FAILED', version: 2, endTime: '2026-09-01T12:00:00.000Z' });
    const failure = event({ state: 'FAILED', time: '2026-09-01T12:00:00.000Z', eventId: 'evt-2' });

    await react(recorded(failure, failed, started));
    await react(recorded({ ...failure, eventId: 'evt-3' }, failed, started));

    expect(world.chat.updated).toHaveLength(1);
    const [card, reply] = world.chat.posted;
    expect(reply).toMatchObject({ threadTs: card?.ts, text: expect.stringContaining('U0ALICE01') });
    expect(world.chat.posted).toHaveLength(2);
    expect(world.mail.published).toEqual([expect.objectContaining({ topicArn: TOPIC_ARN })]);
  });

  it('notifies nobody of a stale event', async () => {
    const world = approvalWorld({ config: testConfig(ROUTES) });

    await createNotifyReaction(notifyDepsOf(world))(
      recorded(event(), executionSummary(), undefined, 'stale'),
    );

    expect(world.chat.posted).toHaveLength(0);
  });

  it('skips Slack with a warning when no token is configured, and still emails', async () => {
    const world = approvalWorld({ config: testConfig(ROUTES) });

    await createNotifyReaction(notifyDepsOf(world, false))(
      recorded(event({ state: 'FAILED' }), executionSummary({ state: 'FAILED' })),
    );

    expect(world.log.messages('warn')).toEqual(['Slack routes matched but no Slack token is configured']);
    expect(world.mail.published).toHaveLength(1);
  });

  it('lets a transient email failure through for a retry, which sends it once', async () => {
    const world = approvalWorld({ config: testConfig(ROUTES) });
    const react = createNotifyReaction(notifyDepsOf(world, false));
    const failed = recorded(event({ state: 'FAILED' }), executionSummary({ state: 'FAILED' }));
    world.mail.faults.failNext('publish', new PipegateError('TRANSIENT', 'throttled'));

    await expect(react(failed)).rejects.toMatchObject({ code: 'TRANSIENT' });
    await react(failed);
    await react(failed);

    expect(world.mail.published).toHaveLength(1);
  });

  it('does not post a card for an event that changes nothing it shows', async () => {
    const world = approvalWorld({ config: testConfig(ROUTES) });
    const summary = executionSummary({ version: 1 });

    await createNotifyReaction(notifyDepsOf(world))(recorded(event(), { ...summary, version: 2 }, summary));

    expect(world.chat.posted).toHaveLength(0);
  });

  it('skips an ordinary card change while Slack asks to back off chat.update, but not a failure', async () => {
    // Prepare: the card is posted; then Slack rate-limits chat.update for this process.
    const world = approvalWorld({ config: testConfig(ROUTES) });
    const react = createNotifyReaction(notifyDepsOf(world));
    const started = executionSummary({ version: 1 });
    await react(recorded(event(), started));
    world.chat.busy = true;
    const deploying = executionSummary({
      version: 2,
      stages: {
        ...started.stages,
        Approval: { ...(started.stages.Approval as StageSummary), state: 'SUCCEEDED' },
      },
    });
    const stageDone = {
      ...event({ eventId: 'evt-2' }),
      level: 'stage',
      stage: 'Approval',
      state: 'SUCCEEDED',
    };
    const failed = executionSummary({ state: 'FAILED', version: 3, endTime: '2026-09-01T12:00:00.000Z' });
    const failure = event({ state: 'FAILED', time: '2026-09-01T12:00:00.000Z', eventId: 'evt-3' });
    const claims = jest.spyOn(world.store, 'claimCardRender');

    // Act
    await react(recorded(stageDone as PipelineEvent, deploying, started));
    const claimsForOrdinary = claims.mock.calls.length;
    await react(recorded(failure, failed, deploying));

    // Assess: no claim, no call for the ordinary change; the failure is shown.
    expect(claimsForOrdinary).toBe(0);
    expect(world.chat.updated.map((message) => message.text)).toEqual([expect.stringContaining('failed')]);
    expect(world.log.messages('info')).toContain(
      'card update skipped while Slack rate limits chat.update; the next change carries it',
    );
  });

  it('skips an ordinary change, without reading the card, only for the card the chat says was shown lately', async () => {
    // Prepare: two executions' cards are posted; Slack's few free slots belong to cards that waited longer.
    const world = approvalWorld({ config: testConfig(ROUTES) });
    const react = createNotifyReaction(notifyDepsOf(world));
    const ids = ['3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b', '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'];
    const stageDone = (executionId: string) => {
      const started = executionSummary({ executionId, version: 1 });
      const deploying = executionSummary({
        executionId,
        version: 2,
        stages: {
          ...started.stages,
          Approval: { ...(started.stages.Approval as StageSummary), state: 'SUCCEEDED' },
        },
      });
      const change = {
        ...event({ executionId, eventId: `${executionId}-2` }),
        level: 'stage',
        stage: 'Approval',
        state: 'SUCCEEDED',
      };
      return {
        started: recorded(event({ executionId }), started),
        change: recorded(change as PipelineEvent, deploying, started),
      };
    };
    const [shownLately, waited] = ids.map(stageDone) as [
      ReturnType<typeof stageDone>,
      ReturnType<typeof stageDone>,
    ];
    await react(shownLately.started);
    await react(waited.started);
    world.chat.busyCards.add(`${ids[0]}/card:#deploys`);
    const reads = jest.spyOn(world.store, 'getCard');

    // Act
    await react(shownLately.change);
    const readsForShownLately = reads.mock.calls.length;
    await react(waited.change);

    // Assess: one update, for the card that waited; the other cost no read.
    expect(readsForShownLately).toBe(0);
    expect(world.chat.updated).toEqual([expect.objectContaining({ deliveryKey: `${ids[1]}/card:#deploys` })]);
  });

  it('shows a step event that arrives after the execution ended even while Slack asks to back off', async () => {
    // Prepare: the card shows the succeeded execution; a late stage event still changes it.
    const world = approvalWorld({ config: testConfig(ROUTES) });
    const react = createNotifyReaction(notifyDepsOf(world));
    const started = executionSummary({ version: 1 });
    await react(recorded(event(), started));
    const ended = executionSummary({ state: 'SUCCEEDED', version: 2, endTime: '2026-09-01T12:00:00.000Z' });
    await react(recorded(event({ state: 'SUCCEEDED', eventId: 'evt-2' }), ended, started));
    world.chat.busy = true;
    const late = {
      ...event({ eventId: 'evt-3' }),
      level: 'stage',
      stage: 'Approval',
      state: 'SUCCEEDED',
    } as PipelineEvent;
    const corrected = {
      ...ended,
      version: 3,
      stages: {
        ...ended.stages,
        Approval: { ...(ended.stages.Approval as StageSummary), state: 'SUCCEEDED' },
      },
    } as ExecutionSummary;

    // Act
    await react(recorded(late, corrected, ended));

    // Assess: the final card's correction was claimed and sent, not skipped.
    expect(world.chat.updated).toHaveLength(2);
    expect(world.chat.updateWaits.at(-1)).toBe(true);
  });
});
