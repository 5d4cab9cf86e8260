import { decideApproval } from '../../../shared/approvals/decide-approval';
import { refusalError } from '../../../shared/approvals/refusal';
import type { Actor } from '../../../shared/audit/audit-entry';
import { PipegateError } from '../../../shared/errors';
import { approvalWorld, PEOPLE, testConfig } from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';

/** Alice, Rita and Bob may approve (Slack), Alice and Sam by email too; two must. Sam wrote the change. */
const TWO_OF_THREE = `
approvals:
  - match: { pipelines: ["prod-*"] }
    slack: { users: [U0ALICE01, U0RITA001, U0BOB0001] }
    emails: [alice@example.com, sam@example.com]
    preventSelfApproval: true
    required: 2
`;
/** One approver from the release group and one from security. */
const TWO_GROUPS = `
approvals:
  - match: { pipelines: ["prod-*"] }
    slack: { userGroups: [S0RELEASE, S0SECURITY] }
    emails: [alice@example.com]
    required: 2
    distinctGroups: true
`;

const world = (yaml: string) => {
  const record = approvalRecord();
  const built = approvalWorld({ records: [record], config: testConfig(yaml) });
  built.pipeline.waiting(record.approvalId);
  /** The record after the vote (counted or decided); a refusal is thrown as the transports convert it. */
  const approve = async (actor: Actor, channel: 'slack' | 'email' = 'slack', comment?: string) => {
    const result = await decideApproval(
      {
        executionId: record.executionId,
        approvalId: record.approvalId,
        decision: 'Approved',
        actor,
        channel,
        ...(comment ? { comment } : {}),
      },
      built.decide,
    );
    if (result.outcome === 'refused') throw refusalError(result.refusal);
    return result.record;
  };
  const stored = () => built.approvals.stored(record.executionId, record.approvalId);
  return { ...built, record, approve, stored };
};
const byEmail = (person: { email: string }): Actor => ({ id: person.email, email: person.email });
const codeOf = (attempt: Promise<unknown>): Promise<string> =>
  attempt.then(
    () => 'decided',
    (error: unknown) => (error instanceof PipegateError ? error.code : String(error)),
  );

describe('deciding an approval that needs two approvers', () => {
  it('counts the first approval, audits it as a vote and leaves CodePipeline waiting', async () => {
    // Prepare
    const w = world(TWO_OF_THREE);

    // Act
    const record = await w.approve(PEOPLE.alice, 'slack', 'schema change reviewed');

    // Assess
    expect(record).toMatchObject({ status: 'pending', votes: [{ by: PEOPLE.alice, channel: 'slack' }] });
    expect(record.claim).toBeUndefined();
    expect(w.pipeline.puts).toEqual([]);
    expect(w.audit.entries.map((entry) => [entry.action, entry.details?.counted])).toEqual([
      ['approval.vote', '1 of 2'],
    ]);
    expect(w.announced.map((announced) => announced.votes?.length)).toEqual([1]);
  });

  it('calls PutApprovalResult once, at the second person, naming both', async () => {
    // Prepare
    const w = world(TWO_OF_THREE);
    await w.approve(PEOPLE.alice, 'slack', 'schema change reviewed');

    // Act
    const record = await w.approve(PEOPLE.rita);

    // Assess
    expect(record.status).toBe('approved');
    expect(w.pipeline.puts.map((put) => [put.status, put.summary])).toEqual([
      [
        'Approved',
        'Approved by 2: Alice Doe <alice@example.com> via Slack ("schema change reviewed"); Rita Moe <rita@example.com> via Slack',
      ],
    ]);
    expect(w.audit.entries.map((entry) => entry.action)).toEqual([
      'approval.vote',
      'approval.vote',
      'approval.decided',
    ]);
    expect(w.audit.entries.at(-1)?.details).toEqual({
      approvers: 'Alice Doe <alice@example.com> via slack; Rita Moe <rita@example.com> via slack',
      required: '2',
    });
  });

  it('does not count the same person again from an email link', async () => {
    // Prepare
    const w = world(TWO_OF_THREE);
    await w.approve(PEOPLE.alice);

    // Act
    const code = await codeOf(w.approve(byEmail(PEOPLE.alice), 'email'));

    // Assess
    expect(code).toBe('ALREADY_VOTED');
    expect(w.pipeline.puts).toEqual([]);
    expect(w.audit.refusals()).toEqual(['ALREADY_VOTED']);
    expect(w.stored()?.votes).toHaveLength(1);
  });

  it('applies the self-approval rule to every vote', async () => {
    // Prepare: Sam wrote the change
    const w = world(TWO_OF_THREE);
    await w.approve(PEOPLE.alice);

    // Act
    const code = await codeOf(w.approve(byEmail(PEOPLE.sam), 'email'));

    // Assess
    expect(code).toBe('SELF_APPROVAL');
    expect(w.pipeline.puts).toEqual([]);
  });

  it('lets one reject end it, with its comment, after an approval', async () => {
    // Prepare
    const w = world(TWO_OF_THREE);
    await w.approve(PEOPLE.alice);

    // Act
    const result = await decideApproval(
      {
        executionId: w.record.executionId,
        approvalId: w.record.approvalId,
        decision: 'Rejected',
        comment: 'migration is not reversible',
        actor: PEOPLE.rita,
        channel: 'slack',
      },
      w.decide,
    );

    // Assess
    expect(result.outcome).toBe('decided');
    expect(w.stored()).toMatchObject({ status: 'rejected', comment: 'migration is not reversible' });
    expect(w.pipeline.puts.map((put) => put.summary)).toEqual([
      'Rejected by Rita Moe <rita@example.com> via Slack: migration is not reversible',
    ]);
  });

  it('tells a third approver, after the quorum was reached, that it is decided', async () => {
    // Prepare
    const w = world(TWO_OF_THREE);
    await w.approve(PEOPLE.alice);
    await w.approve(PEOPLE.rita);

    // Act
    const code = await codeOf(w.approve(PEOPLE.bob));

    // Assess
    expect(code).toBe('ALREADY_DECIDED');
    expect(w.pipeline.puts).toHaveLength(1);
  });

  it('reaches the quorum exactly once when three vote at the same moment', async () => {
    // Prepare
    const w = world(TWO_OF_THREE);

    // Act
    const codes = await Promise.all([PEOPLE.alice, PEOPLE.rita, PEOPLE.bob].map((p) => codeOf(w.approve(p))));

    // Assess
    expect(w.pipeline.puts).toHaveLength(1);
    expect([...codes].sort()).toEqual(['ALREADY_DECIDED', 'decided', 'decided']);
    expect(w.stored()?.status).toBe('approved');
    expect(new Set(w.stored()?.votes?.map((vote) => vote.by.id)).size).toBe(2);
  });

  it('gives back the quorum-reaching vote with the claim when CodePipeline fails transiently', async () => {
    // Prepare
    const w = world(TWO_OF_THREE);
    await w.approve(PEOPLE.alice);
    w.pipeline.faults.failNext('putApprovalResult', new PipegateError('TRANSIENT', 'throttled'));

    // Act
    const failed = await codeOf(w.approve(PEOPLE.rita));
    const retried = await w.approve(PEOPLE.rita);

    // Assess
    expect(failed).toBe('TRANSIENT');
    expect(retried.status).toBe('approved');
    expect(w.pipeline.puts).toHaveLength(1);
  });
});

describe('distinct groups', () => {
  const groupWorld = () => {
    const w = world(TWO_GROUPS);
    w.chat.addGroup('S0RELEASE', [PEOPLE.rita.slackUserId, PEOPLE.bob.slackUserId]);
    w.chat.addGroup('S0SECURITY', [PEOPLE.alice.slackUserId]);
    return w;
  };

  it('refuses a second approver from the same group, then takes one from the other', async () => {
    // Prepare
    const w = groupWorld();
    await w.approve(PEOPLE.rita);

    // Act
    const sameGroup = await codeOf(w.approve(PEOPLE.bob));
    const otherGroup = await w.approve(PEOPLE.alice);

    // Assess
    expect(sameGroup).toBe('NOT_ALLOWED');
    expect(otherGroup.status).toBe('approved');
    expect(otherGroup.votes?.map((vote) => vote.groups)).toEqual([['S0RELEASE'], ['S0SECURITY']]);
    expect(w.pipeline.puts).toHaveLength(1);
  });

  it('finds an email approver’s groups through their Slack user', async () => {
    // Prepare
    const w = groupWorld();

    // Act
    const record = await w.approve(byEmail(PEOPLE.alice), 'email');

    // Assess
    expect(record.votes?.[0]?.groups).toEqual(['S0SECURITY']);
  });
});
