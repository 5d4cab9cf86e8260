import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { PipegateError } from '../../../shared/errors';
import { sweepApprovals } from '../../../shared/notify/sweep-approvals';
import {
  type ApprovalWorld,
  approvalWorld,
  POLICY_YAML,
  sweepDepsOf,
  testConfig,
} from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';

const HOUR_MS = 3_600_000;
const NOW = Date.parse('2026-09-01T12:00:00.000Z');

/** An approval of the world (clock at 12:00Z) that expires `hours` from now (negative: already expired). */
const expiringIn = (hours: number, overrides: Partial<ApprovalRecord> = {}): ApprovalRecord =>
  approvalRecord({ expiresAt: new Date(NOW + hours * HOUR_MS).toISOString(), ...overrides });

const statusOf = async (world: ApprovalWorld, record: ApprovalRecord) =>
  (await world.approvals.get(record.executionId, record.approvalId))?.status;

describe('sweepApprovals: closing expired approvals', () => {
  it('closes an approval CodePipeline still waits on as expired, audits and announces it', async () => {
    // Prepare
    const record = expiringIn(-1);
    const world = approvalWorld({ records: [record] });
    world.pipeline.waiting(record.approvalId);

    // Act
    const result = await sweepApprovals(sweepDepsOf(world));

    // Assess
    expect(result).toEqual({ expired: 1, reconciled: 0, reminded: 0, freezeLines: 0 });
    expect(await statusOf(world, record)).toBe('expired');
    expect(world.audit.of('approval.expired')).toEqual([
      expect.objectContaining({
        approvalId: record.approvalId,
        details: { codePipelineStatus: 'in-progress', by: 'sweeper' },
      }),
    ]);
    expect(world.announced.map((announced) => announced.status)).toEqual(['expired']);
    expect(world.pipeline.puts).toEqual([]);
  });

  it('reconciles an approval that CodePipeline saw succeed (decided in the console) as completed outside', async () => {
    // Prepare
    const record = expiringIn(-1);
    const world = approvalWorld({ records: [record] });
    world.pipeline.ended(record.approvalId, 'Succeeded');

    // Act
    const result = await sweepApprovals(sweepDepsOf(world));

    // Assess
    expect(result).toEqual({ expired: 0, reconciled: 1, reminded: 0, freezeLines: 0 });
    expect(await statusOf(world, record)).toBe('completed-outside');
    expect(world.audit.of('approval.reconciled')[0]?.details).toEqual({
      codePipelineStatus: 'Succeeded',
      by: 'sweeper',
    });
  });

  it('closes an approval whose action ended any other way (timed out, rejected) as expired', async () => {
    // Prepare
    const record = expiringIn(-1);
    const world = approvalWorld({ records: [record] });
    world.pipeline.ended(record.approvalId, 'Failed');

    // Act
    const result = await sweepApprovals(sweepDepsOf(world));

    // Assess
    expect(result.expired).toBe(1);
    expect(await statusOf(world, record)).toBe('expired');
    expect(world.audit.of('approval.expired')[0]?.details).toEqual({
      codePipelineStatus: 'Failed',
      by: 'sweeper',
    });
  });

  it('closes an approval in an account pipegate may not ask without asking, and says why in the log', async () => {
    // Prepare
    const record = expiringIn(-1, { account: '999999999999' });
    const world = approvalWorld({ records: [record], accounts: ['123456789012'] });

    // Act
    const result = await sweepApprovals(sweepDepsOf(world));

    // Assess
    expect(result.expired).toBe(1);
    expect(world.audit.of('approval.expired')[0]?.details).toEqual({
      codePipelineStatus: 'not-visible',
      by: 'sweeper',
    });
    expect(world.log.messages('warn')).toContain(
      'expired approval closed without asking CodePipeline: account not configured',
    );
  });

  it('closes without announcing when no announcer is wired', async () => {
    // Prepare
    const record = expiringIn(-1);
    const world = approvalWorld({ records: [record] });

    // Act
    const result = await sweepApprovals(sweepDepsOf(world, { announce: undefined }));

    // Assess
    expect(result.expired).toBe(1);
    expect(world.announced).toEqual([]);
  });

  it('logs a stuck approval and goes on with the others (the next sweep tries it again)', async () => {
    // Prepare
    const stuck = expiringIn(-2, { approvalId: 'stuck-approval' });
    const next = expiringIn(-1);
    const world = approvalWorld({ records: [stuck, next] });
    world.pipeline.waiting(next.approvalId);
    world.pipeline.faults.failNext('approvalState', new PipegateError('TRANSIENT', 'throttled'));

    // Act
    const result = await sweepApprovals(sweepDepsOf(world));

    // Assess
    expect(result.expired).toBe(1);
    expect(await statusOf(world, stuck)).toBe('pending');
    expect(await statusOf(world, next)).toBe('expired');
    expect(world.log.messages('warn')).toContain('sweep of an approval failed');
  });
});

describe('sweepApprovals: reminders', () => {
  it('leaves an approval alone until its own policy’s reminder window opens', async () => {
    // Prepare: 10 hours left; the policy reminds 6 hours before (the sweep still lists up to 24 hours ahead).
    const world = approvalWorld({
      records: [expiringIn(10)],
      config: testConfig(`${POLICY_YAML}    remindBeforeHours: 6\n`),
    });

    // Act
    const result = await sweepApprovals(sweepDepsOf(world));

    // Assess
    expect(result).toEqual({ expired: 0, reconciled: 0, reminded: 0, freezeLines: 0 });
    expect(world.chat.posted).toEqual([]);
    expect(world.mail.published).toEqual([]);
  });

  it('reminds in the request thread only when there is no mail topic', async () => {
    // Prepare
    const record = expiringIn(10, {
      slackMessages: [{ channel: 'CDEPLOYS', ts: '1767000000.000002', cardChannel: '#deploys' }],
      emailRecipients: ['alice@example.com'],
    });
    const world = approvalWorld({ records: [record] });

    // Act
    const result = await sweepApprovals(sweepDepsOf(world, { topicArn: undefined }));

    // Assess
    expect(result.reminded).toBe(1);
    expect(world.mail.published).toEqual([]);
    expect(world.chat.posted).toEqual([
      expect.objectContaining({ channel: 'CDEPLOYS', threadTs: '1767000000.000002' }),
    ]);
    expect(world.chat.posted[0]?.text).toContain('still waiting for a decision');
  });

  it('reminds by email only when Slack is not configured, and audits the reminder once', async () => {
    // Prepare
    const record = expiringIn(10, { emailRecipients: ['alice@example.com'] });
    const world = approvalWorld({ records: [record] });

    // Act
    const result = await sweepApprovals(sweepDepsOf(world, { chat: undefined }));

    // Assess
    expect(result.reminded).toBe(1);
    expect(world.mail.published.map((mail) => mail.attributes.recipient)).toEqual([
      'alice@example.com',
      'release-managers@example.com',
    ]);
    expect(world.chat.posted).toEqual([]);
    expect(world.audit.of('approval.reminder')).toHaveLength(1);
  });
});
