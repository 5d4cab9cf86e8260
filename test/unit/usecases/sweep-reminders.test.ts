import { verifyApprovalLink } from '../../../shared/approvals/approval-link';
import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { PipegateError } from '../../../shared/errors';
import { sweepApprovals } from '../../../shared/notify/sweep-approvals';
import {
  approvalWorld,
  LINK_KEYS,
  POLICY_YAML,
  sweepDepsOf,
  testConfig,
} from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';

const HOUR_MS = 3_600_000;

/** The world's clock is 2026-09-01T12:00Z; the approval expires `hours` later. */
const expiringIn = (hours: number): ApprovalRecord =>
  approvalRecord({
    expiresAt: new Date(Date.parse('2026-09-01T12:00:00.000Z') + hours * HOUR_MS).toISOString(),
    slackMessages: [{ channel: 'CDEPLOYS', ts: '1767000000.000002', cardChannel: '#deploys' }],
    emailRecipients: ['alice@example.com', 'jane@example.com'],
  });

/** The signed links in an email body, read back with the keys that signed them. */
const linksIn = (body: string | undefined, now: Date) =>
  (body?.match(/https:\/\/pipegate\.example\.com\/approvals\/link\?t=\S+/g) ?? []).map((url) =>
    verifyApprovalLink(new URL(url).searchParams.get('t') ?? '', LINK_KEYS, now),
  );

describe('sweepApprovals: reminders by Slack and email', () => {
  it('gives each approver fresh signed single-use links, and an inform mailbox none', async () => {
    // Prepare
    const record = expiringIn(10);
    const world = approvalWorld({ records: [record] });

    // Act
    await sweepApprovals(
      sweepDepsOf(world, { linkKeys: LINK_KEYS, publicUrl: 'https://pipegate.example.com' }),
    );

    // Assess
    const links = linksIn(world.mail.to('jane@example.com')[0]?.body, world.clock.now());
    expect(links.map((link) => [link.d, link.r, link.a])).toEqual([
      ['approve', 'jane@example.com', record.approvalId],
      ['reject', 'jane@example.com', record.approvalId],
      ['choose', 'jane@example.com', record.approvalId],
    ]);
    expect(new Set(links.map((link) => link.n)).size).toBe(3);
    expect(links[0]?.x).toBe(Math.floor(Date.parse(record.expiresAt) / 1000));
    expect(world.mail.to('jane@example.com')[0]?.body).toContain('still work too');
    expect(world.mail.to('release-managers@example.com')[0]?.body).not.toMatch(/approvals\/link/);
  });

  it('reminds each approver who got links and each inform mailbox by email, once, however often it runs', async () => {
    // Prepare
    const world = approvalWorld({ records: [expiringIn(10)] });

    // Act
    const first = await sweepApprovals(sweepDepsOf(world));
    const second = await sweepApprovals(sweepDepsOf(world));

    // Assess
    expect(first.reminded).toBe(1);
    expect(second.reminded).toBe(0);
    expect(world.mail.published.map((mail) => mail.attributes.recipient)).toEqual([
      'alice@example.com',
      'jane@example.com',
      'release-managers@example.com',
    ]);
    expect(world.mail.to('jane@example.com')[0]?.subject).toContain('⏰ Approval still waiting: prod-api');
    expect(world.mail.to('jane@example.com')[0]?.body).toContain('use the Approve / Reject links');
    expect(world.mail.to('release-managers@example.com')[0]?.body).toContain('informed only');
    expect(world.mail.to('release-managers@example.com')[0]?.body).not.toMatch(/approvals\/link/);
    expect(world.chat.posted.filter((message) => message.text.startsWith('⏰'))).toHaveLength(1);
    expect(world.audit.of('approval.reminder')).toHaveLength(1);
  });

  it('waits until the policy’s remindBeforeHours before expiry', async () => {
    // Prepare: the policy reminds 6 hours ahead; the approval expires in 10
    const world = approvalWorld({
      records: [expiringIn(10)],
      config: testConfig(`${POLICY_YAML}    remindBeforeHours: 6\n`),
    });

    // Act
    const early = await sweepApprovals(sweepDepsOf(world));
    world.clock.advance(4 * HOUR_MS);
    const due = await sweepApprovals(sweepDepsOf(world));

    // Assess
    expect(early.reminded).toBe(0);
    expect(due.reminded).toBe(1);
    expect(world.mail.published).toHaveLength(3);
  });

  it('reminds ahead of a policy with a longer window than the default 24 hours', async () => {
    const world = approvalWorld({
      records: [expiringIn(40)],
      config: testConfig(`${POLICY_YAML}    remindBeforeHours: 48\n`),
    });

    const result = await sweepApprovals(sweepDepsOf(world));

    expect(result.reminded).toBe(1);
  });

  it('retries a failed email on the next sweep without repeating the ones already sent', async () => {
    // Prepare
    const world = approvalWorld({ records: [expiringIn(10)] });
    let failures = 1;
    const publish = world.mail.publish.bind(world.mail);
    world.mail.publish = async (message) => {
      if (message.attributes.recipient === 'jane@example.com' && failures-- > 0) {
        throw new PipegateError('TRANSIENT', 'SNS throttled');
      }
      return publish(message);
    };

    // Act
    await sweepApprovals(sweepDepsOf(world));
    world.clock.advance(5 * 60_000);
    await sweepApprovals(sweepDepsOf(world));

    // Assess
    expect(world.mail.published.map((mail) => mail.attributes.recipient)).toEqual([
      'alice@example.com',
      'jane@example.com',
      'release-managers@example.com',
    ]);
  });
});
