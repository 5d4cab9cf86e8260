import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { claimDecision, type DecideInput, decideApproval } from '../../../shared/approvals/decide-approval';
import { PipegateError } from '../../../shared/errors';
import { approvalWorld, PEOPLE, POLICY_YAML, testConfig } from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';
import { claimedOf, decidedOf, refusalOf } from './outcomes';

const inputFor = (record: ApprovalRecord, overrides: Partial<DecideInput> = {}): DecideInput => ({
  executionId: record.executionId,
  approvalId: record.approvalId,
  decision: 'Approved',
  actor: PEOPLE.alice,
  channel: 'slack',
  ...overrides,
});

describe('claimDecision: every check before a decision, every refusal on the record', () => {
  it('claims for an allowed approver and returns the job for the decider', async () => {
    // Prepare
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    // Act
    const { job, record: claimed } = claimedOf(await claimDecision(inputFor(record), world.decide));

    // Assess
    expect(job).toEqual({ ...inputFor(record), claimedAt: '2026-09-01T12:00:00.000Z' });
    expect(claimed.claim).toMatchObject({ by: PEOPLE.alice, decision: 'Approved' });
    expect(world.audit.entries).toHaveLength(0);
  });

  it('lets a member of an approver user group claim', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    const { record: claimed } = claimedOf(
      await claimDecision(inputFor(record, { actor: PEOPLE.rita }), world.decide),
    );

    expect(claimed.claim?.by).toEqual(PEOPLE.rita);
  });

  // Each row: what makes the attempt wrong, the code the person hears, and the audit detail.
  const refusals: [
    string,
    () => { record: ApprovalRecord; input?: Partial<DecideInput>; yaml?: string },
    string,
    Record<string, string>,
  ][] = [
    [
      'an unknown approval',
      () => ({ record: approvalRecord(), input: { approvalId: 'nope' } }),
      'NOT_FOUND',
      {},
    ],
    [
      'a settled approval',
      () => ({
        record: approvalRecord({ status: 'approved', decision: 'Approved', decidedBy: PEOPLE.rita }),
      }),
      'ALREADY_DECIDED',
      { status: 'approved', decidedBy: 'Rita Moe <rita@example.com>', decision: 'Approved' },
    ],
    [
      'an expired approval',
      () => ({ record: approvalRecord({ expiresAt: '2026-09-01T12:00:00.000Z' }) }),
      'APPROVAL_NOT_ACTIVE',
      { status: 'expired' },
    ],
    [
      'a person on no list',
      () => ({ record: approvalRecord(), input: { actor: PEOPLE.bob } }),
      'NOT_ALLOWED',
      { why: 'not-an-approver' },
    ],
    [
      'a pipeline no policy covers',
      () => ({ record: approvalRecord({ pipeline: 'dev-api' }) }),
      'NOT_ALLOWED',
      { why: 'no-policy' },
    ],
    [
      'the change’s own author',
      () => ({ record: approvalRecord({ trigger: { authorEmail: 'alice@example.com' } }) }),
      'SELF_APPROVAL',
      { matched: 'commit-author-email' },
    ],
    [
      'a change whose author nobody knows, under requireDistinctFrom',
      () => ({
        record: approvalRecord({ trigger: undefined }),
        yaml: POLICY_YAML.replace('preventSelfApproval: true', 'requireDistinctFrom: [author]'),
      }),
      'NOT_ALLOWED',
      { why: 'author-unknown' },
    ],
    [
      'a rejection without a comment',
      () => ({ record: approvalRecord(), input: { decision: 'Rejected', comment: '  ' } }),
      'COMMENT_REQUIRED',
      {},
    ],
  ];

  it.each(refusals)('refuses %s, audited once', async (_case, prepare, code, details) => {
    const { record, input, yaml } = prepare();
    const world = approvalWorld({ records: [record], config: yaml ? testConfig(yaml) : undefined });

    const attempt = await claimDecision(inputFor(record, input), world.decide);

    expect(refusalOf(attempt)).toMatchObject({ reason: code, details });
    expect(world.audit.entries).toEqual([
      expect.objectContaining({ action: 'approval.refused', outcome: 'refused', reason: code, details }),
    ]);
    expect(world.approvals.saves).toHaveLength(0);
  });

  it('refuses the second of two clicks, naming who claimed first', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    await claimDecision(inputFor(record, { actor: PEOPLE.rita }), world.decide);

    const second = await claimDecision(inputFor(record), world.decide);

    expect(refusalOf(second)).toMatchObject({
      reason: 'ALREADY_DECIDED',
      details: { decidedBy: 'Rita Moe <rita@example.com>', decision: 'Approved' },
    });
    expect(world.audit.refusals()).toEqual(['ALREADY_DECIDED']);
  });
});

describe('decideApproval: claim and complete in one go (the email link)', () => {
  it('puts the approval result in CodePipeline naming the approver, then records and announces it', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    world.pipeline.waiting(record.approvalId);

    const decided = decidedOf(await decideApproval(inputFor(record, { channel: 'email' }), world.decide));

    expect(decided).toMatchObject({
      status: 'approved',
      decision: 'Approved',
      decidedBy: PEOPLE.alice,
      channel: 'email',
    });
    expect(world.pipeline.puts).toEqual([
      expect.objectContaining({
        status: 'Approved',
        token: `token-${record.approvalId}`,
        summary: expect.stringContaining('Alice Doe'),
      }),
    ]);
    expect(world.audit.of('approval.decided')).toHaveLength(1);
    expect(world.announced.map((announced) => announced.status)).toEqual(['approved']);
  });

  it('gives the claim back after a transient CodePipeline failure, so the next try can claim', async () => {
    // Prepare: the first PutApprovalResult is throttled.
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    world.pipeline.waiting(record.approvalId);
    world.pipeline.faults.failNext('putApprovalResult', new PipegateError('TRANSIENT', 'throttled'));

    // Act
    await expect(decideApproval(inputFor(record), world.decide)).rejects.toMatchObject({ code: 'TRANSIENT' });

    // Assess: released, and a second try decides.
    const stored = world.approvals.stored(record.executionId, record.approvalId);
    expect(stored).toMatchObject({ status: 'pending' });
    expect(stored?.claim).toBeUndefined();
    expect(decidedOf(await decideApproval(inputFor(record), world.decide)).status).toBe('approved');
  });

  it('keeps the claim after a refusal (no retry could change it)', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    world.pipeline.ended(record.approvalId, 'Succeeded');

    expect(refusalOf(await decideApproval(inputFor(record), world.decide)).reason).toBe(
      'APPROVAL_NOT_ACTIVE',
    );

    expect(world.approvals.stored(record.executionId, record.approvalId)?.status).toBe('completed-outside');
  });
});
