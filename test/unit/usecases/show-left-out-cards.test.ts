import type { PipelineEvent } from '../../../shared/events/pipeline-event';
import type { ExecutionSummary, StageSummary } from '../../../shared/history/execution-summary';
import type { Recorded } from '../../../shared/history/record-event';
import { createLeftOutCards } from '../../../shared/notify/left-out-cards';
import { createNotifyReaction } from '../../../shared/notify/notify-execution';
import { showLeftOutCards } from '../../../shared/notify/show-left-out-cards';
import { approvalWorld, notifyDepsOf, testConfig } from '../../support/fakes/approval-world';
import { executionSummary } from '../approvals/link-fixtures';

const ROUTES = `
routes:
  - match: { pipelines: ["prod-*"] }
    slack: { channels: ["#deploys"] }
`;
const EXECUTION = '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';

const stageEvent = (state: 'STARTED' | 'SUCCEEDED', eventId: string, stage = 'Approval'): PipelineEvent => ({
  eventId,
  level: 'stage',
  pipeline: 'prod-api',
  executionId: EXECUTION,
  stage,
  state,
  time: '2026-09-01T11:55:00.000Z',
  attempt: 1,
});

/** A posted card, then a stage change that Slack's rate limits leave out (the chat gives way). */
const leftOutWorld = async () => {
  const world = approvalWorld({ config: testConfig(ROUTES) });
  const leftOut = createLeftOutCards();
  const deps = { ...notifyDepsOf(world), leftOut };
  const react = createNotifyReaction(deps);
  const started = executionSummary({ executionId: EXECUTION, version: 1 });
  await react({
    outcome: 'new',
    event: { ...stageEvent('STARTED', 'evt-0'), level: 'pipeline' } as PipelineEvent,
    summary: started,
    previous: undefined,
  });
  const changed: ExecutionSummary = {
    ...started,
    version: 2,
    stages: {
      ...started.stages,
      Approval: { ...(started.stages.Approval as StageSummary), state: 'SUCCEEDED' },
    },
  };
  world.chat.busy = true;
  const change: Recorded = {
    outcome: 'new',
    event: stageEvent('SUCCEEDED', 'evt-1'),
    summary: changed,
    previous: started,
  };
  await react(change);
  world.history.putSummary(changed);
  world.chat.busy = false;
  return { world, leftOut, deps: { ...deps, chat: world.chat }, react, change, changed };
};

describe('showing card changes left out under Slack rate limits', () => {
  it('shows a left-out change once it is due, from the newest stored summary, and only once', async () => {
    // Prepare
    const { world, deps } = await leftOutWorld();
    await showLeftOutCards(deps);
    const beforeDue = world.chat.updated.length;
    world.clock.advance(40_000);

    // Act
    await showLeftOutCards(deps);
    await showLeftOutCards(deps);

    // Assess: nothing while young; then one update, showing the stage as succeeded.
    expect(beforeDue).toBe(0);
    expect(world.chat.updated).toHaveLength(1);
    expect(JSON.stringify(world.chat.updated[0]?.blocks)).toContain('Approval');
  });

  it('forgets a left-out card once a later change showed it', async () => {
    // Prepare: a later ordinary change (Build retried) goes through and shows the left-out one with it.
    const { world, deps, react, changed } = await leftOutWorld();
    const later: ExecutionSummary = {
      ...changed,
      version: 3,
      stages: { ...changed.stages, Build: { ...(changed.stages.Build as StageSummary), state: 'STARTED' } },
    };
    await react({
      outcome: 'new',
      event: stageEvent('STARTED', 'evt-2', 'Build'),
      summary: later,
      previous: changed,
    });
    world.history.putSummary(later);
    const shownByLater = world.chat.updated.length;
    world.clock.advance(60_000);

    // Act
    await showLeftOutCards(deps);

    // Assess: the later change was one update; the shower adds none.
    expect(shownByLater).toBe(1);
    expect(world.chat.updated).toHaveLength(1);
  });

  it('keeps a left-out card while Slack still asks to back off, and drops one whose run ended', async () => {
    // Prepare
    const { world, deps, leftOut, changed } = await leftOutWorld();
    world.clock.advance(60_000);
    world.chat.busy = true;

    // Act
    await showLeftOutCards(deps);
    const stillHeld = leftOut.due(world.clock.now().getTime(), 0, 10).length;
    world.chat.busy = false;
    world.history.putSummary({ ...changed, version: 4, state: 'SUCCEEDED' });
    await showLeftOutCards(deps);

    // Assess: no call either time (the final state is a priority update of its own).
    expect(stillHeld).toBe(1);
    expect(world.chat.updated).toHaveLength(0);
    expect(leftOut.due(world.clock.now().getTime(), 0, 10)).toHaveLength(0);
  });
});
