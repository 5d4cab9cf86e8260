import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { createApprovalAnnouncer } from '../../../shared/notify/announce-approval';
import { sweepApprovals } from '../../../shared/notify/sweep-approvals';
import {
  type ApprovalWorld,
  approvalWorld,
  POLICY_YAML,
  releaseTrainFreeze,
  sweepDepsOf,
  testConfig,
} from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';

/** Tuesdays from 13:00 Berlin (11:00Z in September) to the day's end. */
const FROZEN_YAML = `${POLICY_YAML}${releaseTrainFreeze(['U0RITA001'])}`;
const BEFORE_FREEZE = '2026-09-01T10:00:00.000Z';
const IN_FREEZE = '2026-09-01T12:00:00.000Z';
const FREEZE_KEY = 'release train@2026-09-01T22:00:00.000Z';
const AFTER_FREEZE = '2026-09-02T08:00:00.000Z';

/** A pending approval whose request was posted in #deploys showing `shownFreezes`. */
const posted = (overrides: Partial<ApprovalRecord> = {}): ApprovalRecord =>
  approvalRecord({
    slackMessages: [{ channel: 'C0DEPLOYS', ts: '1788000000.000100', cardChannel: '#deploys' }],
    shownFreezes: '',
    ...overrides,
  });

/** The sweeper over the world's fakes, with the real announcer (so the Slack update is what is checked). */
const sweepWith = (world: ApprovalWorld) =>
  sweepApprovals(
    sweepDepsOf(world, {
      announce: createApprovalAnnouncer({
        chat: world.chat,
        store: world.store,
        approvals: world.approvals,
        history: world.history,
        log: world.log,
        now: world.clock.now,
        freezes: world.config.freezes,
      }),
    }),
  );

const storedOf = (world: ApprovalWorld, record: ApprovalRecord) =>
  world.approvals.stored(record.executionId, record.approvalId);

describe('the sweeper re-renders a request when a change freeze begins or ends', () => {
  it('adds the freeze line to a request posted before the freeze began, once', async () => {
    // Prepare: posted before 13:00 Berlin, swept at 14:00
    const record = posted();
    const world = approvalWorld({ records: [record], config: testConfig(FROZEN_YAML), start: BEFORE_FREEZE });
    world.clock.set(IN_FREEZE);

    // Act
    const first = await sweepWith(world);
    const second = await sweepWith(world);

    // Assess
    expect([first.freezeLines, second.freezeLines]).toEqual([1, 0]);
    expect(world.chat.updated).toHaveLength(1);
    expect(JSON.stringify(world.chat.updated[0]?.blocks)).toContain('Change freeze *release train*');
    expect(storedOf(world, record)?.shownFreezes).toBe(FREEZE_KEY);
  });

  it('takes the freeze line off once the freeze has ended', async () => {
    // Prepare
    const record = posted({ shownFreezes: FREEZE_KEY, expiresAt: '2026-09-08T11:58:00.000Z' });
    const world = approvalWorld({ records: [record], config: testConfig(FROZEN_YAML), start: AFTER_FREEZE });

    // Act
    const result = await sweepWith(world);

    // Assess
    expect(result.freezeLines).toBe(1);
    expect(JSON.stringify(world.chat.updated[0]?.blocks)).not.toContain('Change freeze');
    expect(storedOf(world, record)?.shownFreezes).toBe('');
  });

  it('leaves a request alone while what it shows is still in force', async () => {
    // Prepare
    const record = posted({ shownFreezes: FREEZE_KEY });
    const world = approvalWorld({ records: [record], config: testConfig(FROZEN_YAML), start: IN_FREEZE });

    // Act
    const result = await sweepWith(world);

    // Assess
    expect(result.freezeLines).toBe(0);
    expect(world.chat.updated).toEqual([]);
  });

  it('leaves an approval being decided (live claim) to its decision', async () => {
    // Prepare
    const record = posted({
      claim: { by: { id: 'alice@example.com' }, decision: 'Rejected', channel: 'slack', at: IN_FREEZE },
    });
    const world = approvalWorld({ records: [record], config: testConfig(FROZEN_YAML), start: IN_FREEZE });

    // Act
    const result = await sweepWith(world);

    // Assess
    expect(result.freezeLines).toBe(0);
    expect(storedOf(world, record)?.claim).toBeDefined();
  });

  it('reads no pending approvals for freezes when the config has none', async () => {
    // Prepare
    const record = posted();
    const world = approvalWorld({ records: [record], config: testConfig(POLICY_YAML), start: IN_FREEZE });

    // Act
    const result = await sweepWith(world);

    // Assess
    expect(result.freezeLines).toBe(0);
    expect(world.chat.updated).toEqual([]);
  });
});
