import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { PipegateError } from '../../../shared/errors';
import { createApprovalAnnouncer } from '../../../shared/notify/announce-approval';
import { type ApprovalWorld, approvalWorld, PEOPLE } from '../../support/fakes/approval-world';
import { approvalRecord, executionSummary } from '../approvals/link-fixtures';

const TWO_CHANNELS = [
  { channel: 'C0DEPLOYS', ts: '1788000000.000100', cardChannel: '#deploys' },
  { channel: 'C0RELEASE', ts: '1788000000.000200', cardChannel: '#release' },
];

/** Approved by Alice in Slack, its request posted in two channels. */
const approved = (overrides: Partial<ApprovalRecord> = {}): ApprovalRecord =>
  approvalRecord({
    status: 'approved',
    decision: 'Approved',
    decidedBy: PEOPLE.alice,
    decidedAt: '2026-09-01T11:59:30.000Z',
    channel: 'slack',
    slackMessages: TWO_CHANNELS,
    ...overrides,
  });

const announcerOf = (world: ApprovalWorld, withChat = true) =>
  createApprovalAnnouncer({
    ...(withChat ? { chat: world.chat } : {}),
    store: world.store,
    approvals: world.approvals,
    history: world.history,
    log: world.log,
    now: world.clock.now,
  });

const breakGlassPosts = (world: ApprovalWorld) =>
  world.chat.posted.filter((message) => message.text.startsWith('🚨 Break-glass'));

describe('announcing a settled approval', () => {
  it('replaces each request with the outcome, without buttons, and re-renders the card in its channel', async () => {
    // Prepare
    const record = approved();
    const world = approvalWorld({ records: [record], summaries: [executionSummary()] });

    // Act
    await announcerOf(world)(record);

    // Assess
    expect(world.chat.updated.map((message) => message.channel)).toEqual(['C0DEPLOYS', 'C0RELEASE']);
    expect(JSON.stringify(world.chat.updated)).not.toContain('"type":"button"');
    expect(world.chat.updated[0]?.text).toContain('prod-api');
    expect(world.chat.posted.map((message) => message.channel)).toEqual(['#deploys', '#release']);
  });

  it('updates the requests but posts no card when the run is not recorded (yet)', async () => {
    // Prepare
    const record = approved();
    const world = approvalWorld({ records: [record] });

    // Act
    await announcerOf(world)(record);

    // Assess
    expect(world.chat.updated).toHaveLength(2);
    expect(world.chat.posted).toEqual([]);
    expect(world.log.messages('warn')).toEqual([]);
  });

  it('does nothing without Slack', async () => {
    // Prepare
    const record = approved();
    const world = approvalWorld({ records: [record], summaries: [executionSummary()] });

    // Act
    await announcerOf(world, false)(record);

    // Assess
    expect(world.chat.updated).toEqual([]);
    expect(world.chat.posted).toEqual([]);
    expect(world.log.messages('warn')).toEqual([]);
  });

  it('logs a channel Slack refused and still announces in the others (the decision already happened)', async () => {
    // Prepare
    const record = approved();
    const world = approvalWorld({ records: [record] });
    world.chat.faults.failNext('updateMessage', new PipegateError('TRANSIENT', 'slack down'));

    // Act
    await announcerOf(world)(record);

    // Assess
    expect(world.chat.updated.map((message) => message.channel)).toEqual(['C0RELEASE']);
    expect(world.log.messages('warn')).toContain('could not update Slack after an approval settled');
  });

  it('says a broken freeze out loud: one message per channel, once however often it is announced', async () => {
    // Prepare
    const record = approved({ breakGlass: { freezes: ['release train'] }, comment: 'hotfix for the outage' });
    const world = approvalWorld({ records: [record] });
    const announce = announcerOf(world);

    // Act
    await announce(record);
    await announce(record);

    // Assess
    expect(breakGlassPosts(world).map((message) => message.channel)).toEqual(['C0DEPLOYS', 'C0RELEASE']);
    expect(breakGlassPosts(world)[0]?.text).toContain('release train');
    expect(breakGlassPosts(world)[0]?.text).toContain('hotfix for the outage');
  });

  it('announces no break-glass for a rejection inside a freeze', async () => {
    // Prepare
    const record = approved({
      status: 'rejected',
      decision: 'Rejected',
      breakGlass: { freezes: ['release train'] },
    });
    const world = approvalWorld({ records: [record] });

    // Act
    await announcerOf(world)(record);

    // Assess
    expect(breakGlassPosts(world)).toEqual([]);
  });

  it('logs a break-glass message Slack refused and still posts it in the other channel', async () => {
    // Prepare
    const record = approved({ breakGlass: { freezes: ['release train'] } });
    const world = approvalWorld({ records: [record] });
    world.chat.faults.failNext('postMessage', new PipegateError('TRANSIENT', 'slack down'));

    // Act
    await announcerOf(world)(record);

    // Assess
    expect(breakGlassPosts(world).map((message) => message.channel)).toEqual(['C0RELEASE']);
    expect(world.log.messages('warn')).toContain('could not announce a broken change freeze');
  });
});
