import { createDirtyCards } from '../../../shared/delivery/dirty-cards';
import { PipegateError } from '../../../shared/errors';
import type { PipelineEvent, PipelineLevelEvent } from '../../../shared/events/pipeline-event';
import type { ExecutionSummary, StageSummary } from '../../../shared/history/execution-summary';
import type { Recorded } from '../../../shared/history/record-event';
import { createNotifyReaction } from '../../../shared/notify/notify-execution';
import { refreshDirtyCards } from '../../../shared/notify/refresh-dirty-cards';
import { approvalWorld, testConfig } from '../../support/fakes/approval-world';
import { executionSummary } from '../approvals/link-fixtures';

const ROUTES = `
routes:
  - match: { pipelines: ["prod-*"] }
    slack: { channels: ["#deploys"] }
`;

const EXECUTION = '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';

const started: PipelineLevelEvent = {
  eventId: 'evt-1',
  level: 'pipeline',
  pipeline: 'prod-api',
  executionId: EXECUTION,
  state: 'STARTED',
  time: '2026-09-01T11:50:00.000Z',
  attempt: 1,
};

const stageDone = {
  ...started,
  eventId: 'evt-2',
  level: 'stage',
  stage: 'Approval',
  state: 'SUCCEEDED',
} as PipelineEvent;

const recorded = (at: PipelineEvent, summary: ExecutionSummary, previous?: ExecutionSummary): Recorded => ({
  outcome: 'new',
  event: at,
  summary,
  previous,
});

/**
 * A card posted at version 1, then an intermediate change (version 2) the notify reaction could not send
 * because Slack rate-limited chat.update; the summary with it is stored, as the save after reactions does.
 */
const heldBackWorld = async (how: 'busy' | 'refused') => {
  const world = approvalWorld({ config: testConfig(ROUTES) });
  const dirty = createDirtyCards();
  const deps = {
    config: world.config,
    chat: world.chat,
    mail: world.mail,
    store: world.store,
    approvals: world.approvals,
    history: world.history,
    log: world.log,
    now: world.clock.now,
    dirty,
  };
  const react = createNotifyReaction(deps);
  const first = executionSummary({ version: 1 });
  await react(recorded(started, first));
  const second = executionSummary({
    version: 2,
    stages: { ...first.stages, Approval: { ...(first.stages.Approval as StageSummary), state: 'SUCCEEDED' } },
  });
  if (how === 'busy') world.chat.busy = true;
  else world.chat.faults.failNext('updateMessage', new PipegateError('RATE_LIMITED', 'ratelimited'));
  await react(recorded(stageDone, second, first));
  world.chat.busy = false;
  world.history.putSummary(second);
  return { world, dirty, deps };
};

describe('refreshing the cards Slack limits held back', () => {
  it.each(['busy', 'refused'] as const)(
    'marks an intermediate change held back (Slack %s) and sends its newest render once a slot is free',
    async (how) => {
      // Prepare
      const { world, dirty, deps } = await heldBackWorld(how);
      const marked = dirty.oldest(10);

      // Act
      const sent = await refreshDirtyCards(deps);

      // Assess
      expect(marked).toEqual([{ executionId: EXECUTION, channel: '#deploys' }]);
      expect(sent).toBe(1);
      expect(world.chat.updated.map((message) => message.text)).toEqual([
        expect.stringContaining('Approval done'),
      ]);
      expect(dirty.oldest(10)).toEqual([]);
    },
  );

  it('leaves the cards for later while Slack still has no slot to spare', async () => {
    const { world, dirty, deps } = await heldBackWorld('busy');
    world.chat.busy = true;

    const sent = await refreshDirtyCards(deps);

    expect(sent).toBe(0);
    expect(world.chat.updated).toHaveLength(0);
    expect(dirty.oldest(10)).toHaveLength(1);
  });

  it('keeps a card held back when Slack refuses the refresh too, and stops there', async () => {
    const { world, dirty, deps } = await heldBackWorld('busy');
    world.chat.faults.failNext('updateMessage', new PipegateError('RATE_LIMITED', 'ratelimited'));

    const sent = await refreshDirtyCards(deps);

    expect(sent).toBe(0);
    expect(dirty.oldest(10)).toHaveLength(1);
  });

  it('forgets a card a newer priority render already shows, without a call', async () => {
    // Prepare: the failure (version 9) was claimed and shown meanwhile.
    const { world, dirty, deps } = await heldBackWorld('busy');
    await world.store.claimCardRender(EXECUTION, '#deploys', 9, 'the-failure');

    // Act
    const sent = await refreshDirtyCards(deps);

    // Assess
    expect(sent).toBe(0);
    expect(world.chat.updated).toHaveLength(0);
    expect(dirty.oldest(10)).toEqual([]);
  });

  it('never throws: a failed read is logged and the card waits for its next change', async () => {
    const { world, dirty, deps } = await heldBackWorld('busy');
    world.history.faults.failNext('getSummary', new PipegateError('TRANSIENT', 'throttled'));

    await expect(refreshDirtyCards(deps)).resolves.toBe(0);

    expect(dirty.oldest(10)).toHaveLength(1);
    expect(world.log.messages('warn')).toEqual([
      'could not refresh a card held back by Slack rate limits; its next change will',
    ]);
  });

  it('forgets a held-back card once its next change is shown', async () => {
    // Prepare
    const { dirty, deps } = await heldBackWorld('busy');
    const react = createNotifyReaction(deps);
    const second = (await deps.history.getSummary(EXECUTION)) as ExecutionSummary;

    // Act
    await react(recorded(stageDone, { ...second, version: 3, state: 'SUCCEEDED' }, second));

    // Assess
    expect(dirty.oldest(10)).toEqual([]);
  });

  it('marks nothing when the change was shown', async () => {
    const world = approvalWorld({ config: testConfig(ROUTES) });
    const dirty = createDirtyCards();
    const react = createNotifyReaction({
      config: world.config,
      chat: world.chat,
      mail: world.mail,
      store: world.store,
      approvals: world.approvals,
      history: world.history,
      log: world.log,
      now: world.clock.now,
      dirty,
    });
    const first = executionSummary({ version: 1 });
    await react(recorded(started, first));

    await react(recorded(stageDone, executionSummary({ version: 2, state: 'SUCCEEDED' }), first));

    expect(world.chat.updated).toHaveLength(1);
    expect(dirty.oldest(10)).toEqual([]);
  });
});
