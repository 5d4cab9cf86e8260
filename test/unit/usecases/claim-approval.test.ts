import { claimApproval, releaseClaim, settleApproval } from '../../../shared/approvals/claim-approval';
import { PipegateError } from '../../../shared/errors';
import { approvalWorld, PEOPLE } from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';

const claim = { by: PEOPLE.alice, decision: 'Approved', channel: 'slack' } as const;

describe('claimApproval: one conditional write decides who may decide', () => {
  it('claims a pending approval and stores the claim at the next version', async () => {
    // Prepare
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });

    // Act
    const result = await claimApproval(record, claim, world.decide);

    // Assess
    expect(result.won).toBe(true);
    expect(world.approvals.stored(record.executionId, record.approvalId)).toMatchObject({
      version: 2,
      claim: { by: PEOPLE.alice, decision: 'Approved', channel: 'slack', at: '2026-09-01T12:00:00.000Z' },
    });
  });

  it('loses to a live claim and returns the holder’s record', async () => {
    const record = approvalRecord({
      claim: { ...claim, by: PEOPLE.rita, at: '2026-09-01T11:55:00.000Z' },
    });
    const world = approvalWorld({ records: [record] });

    const result = await claimApproval(record, claim, world.decide);

    expect(result).toMatchObject({ won: false, record: { claim: { by: PEOPLE.rita } } });
    expect(world.approvals.saves).toHaveLength(0);
  });

  it('takes over a claim older than ten minutes (its holder crashed)', async () => {
    const record = approvalRecord({
      claim: { ...claim, by: PEOPLE.rita, at: '2026-09-01T11:49:59.000Z' },
    });
    const world = approvalWorld({ records: [record] });

    const result = await claimApproval(record, claim, world.decide);

    expect(result.won).toBe(true);
    expect(world.approvals.stored(record.executionId, record.approvalId)?.claim?.by).toEqual(PEOPLE.alice);
  });

  it('does not claim a settled approval', async () => {
    const record = approvalRecord({ status: 'approved' });
    const world = approvalWorld({ records: [record] });

    const result = await claimApproval(record, claim, world.decide);

    expect(result.won).toBe(false);
  });

  it('re-reads after losing a race and then sees the other claim', async () => {
    // Prepare: Rita's claim lands between our read and our write.
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    world.approvals.interleaveBeforeNextSave(() =>
      world.approvals.put({
        ...record,
        version: 2,
        claim: { ...claim, by: PEOPLE.rita, at: '2026-09-01T12:00:00.000Z' },
      }),
    );

    const result = await claimApproval(record, claim, world.decide);

    expect(result).toMatchObject({ won: false, record: { version: 2, claim: { by: PEOPLE.rita } } });
  });

  it('re-reads after a conflict that left the approval claimable, and wins', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    world.approvals.interleaveBeforeNextSave(() =>
      world.approvals.put({
        ...record,
        version: 2,
        slackMessages: [{ channel: 'C1', ts: '1.1', cardChannel: '#deploys' }],
      }),
    );

    const result = await claimApproval(record, claim, world.decide);

    expect(result.won).toBe(true);
    expect(world.approvals.stored(record.executionId, record.approvalId)).toMatchObject({
      version: 3,
      slackMessages: [{ channel: 'C1' }],
      claim: { by: PEOPLE.alice },
    });
  });

  it('says NOT_FOUND when the approval disappears during the claim', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    world.approvals.interleaveBeforeNextSave(() =>
      world.approvals.remove(record.executionId, record.approvalId),
    );

    await expect(claimApproval(record, claim, world.decide)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('settleApproval', () => {
  it('applies the changes over whatever another writer saved meanwhile, and drops the claim', async () => {
    const record = approvalRecord({ claim: { ...claim, at: '2026-09-01T12:00:00.000Z' } });
    const world = approvalWorld({ records: [record] });
    world.approvals.interleaveBeforeNextSave(() =>
      world.approvals.put({ ...record, version: 2, customData: 'later' }),
    );

    const settled = await settleApproval(record, { status: 'approved' }, world.decide);

    expect(settled).toMatchObject({ status: 'approved', customData: 'later', version: 3 });
    expect(settled.claim).toBeUndefined();
  });

  it('gives up with TRANSIENT when the record keeps changing', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    let version = record.version;
    const bump = () => {
      version += 1;
      world.approvals.put({ ...record, version });
      world.approvals.interleaveBeforeNextSave(bump);
    };
    world.approvals.interleaveBeforeNextSave(bump);

    const settling = settleApproval(record, { status: 'approved' }, world.decide);

    await expect(settling).rejects.toBeInstanceOf(PipegateError);
    await expect(settling).rejects.toMatchObject({ code: 'TRANSIENT' });
  });
});

describe('releaseClaim', () => {
  it('removes the claim so the next click can claim at once', async () => {
    const record = approvalRecord();
    const world = approvalWorld({ records: [record] });
    const { record: claimed } = await claimApproval(record, claim, world.decide);

    await releaseClaim(claimed, world.decide);

    const stored = world.approvals.stored(record.executionId, record.approvalId);
    expect(stored).toMatchObject({ status: 'pending', version: 3 });
    expect(stored?.claim).toBeUndefined();
    expect((await claimApproval(stored ?? record, { ...claim, by: PEOPLE.rita }, world.decide)).won).toBe(
      true,
    );
  });
});
