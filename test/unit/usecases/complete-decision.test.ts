import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { completeDecision } from '../../../shared/approvals/complete-decision';
import { claimDecision } from '../../../shared/approvals/decide-approval';
import type { DecisionJob } from '../../../shared/approvals/decision-job';
import { decisionSummary } from '../../../shared/approvals/decision-summary';
import { PipegateError } from '../../../shared/errors';
import { runDecisionJob } from '../../../shared/notify/run-decision-job';
import { type ApprovalWorld, approvalWorld, PEOPLE } from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';
import { claimedOf, decidedOf, refusalOf } from './outcomes';

/** A world where Alice has claimed an approval from Slack: the decider's starting point. */
const claimed = async (
  overrides: Partial<ApprovalRecord> = {},
  decision: 'Approved' | 'Rejected' = 'Approved',
): Promise<{ world: ApprovalWorld; record: ApprovalRecord; job: DecisionJob }> => {
  const world = approvalWorld({ records: [approvalRecord(overrides)], accounts: ['123456789012'] });
  const record = approvalRecord(overrides);
  const { job } = claimedOf(
    await claimDecision(
      {
        executionId: record.executionId,
        approvalId: record.approvalId,
        decision,
        comment: decision === 'Rejected' ? 'breaks checkout' : undefined,
        actor: PEOPLE.alice,
        channel: 'slack',
      },
      world.decide,
    ),
  );
  if (!job) throw new Error('one approver: the claim always yields a job');
  return { world, record, job };
};

describe('completeDecision: the decider’s half, idempotent under at-least-once invokes', () => {
  it('decides a waiting approval: one PutApprovalResult, one audit entry, the record settled, Slack told', async () => {
    // Prepare
    const { world, record, job } = await claimed();
    world.pipeline.waiting(record.approvalId);

    // Act
    const decided = decidedOf(await completeDecision(job, world.decide));

    // Assess
    expect(decided).toMatchObject({
      status: 'approved',
      decidedBy: PEOPLE.alice,
      channel: 'slack',
      version: 3,
    });
    expect(decided.claim).toBeUndefined();
    expect(world.pipeline.puts).toHaveLength(1);
    expect(world.audit.of('approval.decided')).toEqual([
      expect.objectContaining({ at: job.claimedAt, actor: PEOPLE.alice, decision: 'Approved' }),
    ]);
    expect(world.announced).toHaveLength(1);
  });

  it('waits for CodePipeline to show the action, then decides', async () => {
    const { world, record, job } = await claimed();
    let calls = 0;
    const state = world.pipeline.approvalState.bind(world.pipeline);
    world.pipeline.approvalState = async (ref) => {
      calls += 1;
      if (calls === 3) world.pipeline.waiting(record.approvalId);
      return state(ref);
    };

    await completeDecision(job, world.decide);

    expect(world.waits.waited).toEqual([250, 500]);
    expect(world.pipeline.puts).toHaveLength(1);
  });

  it('throws TRANSIENT with the claim kept when the action never shows', async () => {
    const { world, record, job } = await claimed();

    await expect(completeDecision(job, world.decide)).rejects.toMatchObject({ code: 'TRANSIENT' });

    expect(world.waits.waited).toEqual([250, 500, 1_200]);
    expect(world.approvals.stored(record.executionId, record.approvalId)?.claim?.at).toBe(job.claimedAt);
  });

  it('a retried job after success acknowledges and appends nothing more', async () => {
    const { world, record, job } = await claimed();
    world.pipeline.waiting(record.approvalId);
    await completeDecision(job, world.decide);

    const again = decidedOf(await completeDecision(job, world.decide));

    expect(again.status).toBe('approved');
    expect(world.pipeline.puts).toHaveLength(1);
    expect(world.audit.of('approval.decided')).toHaveLength(1);
  });

  it('recognises its own PutApprovalResult whose response was lost, and never sends it twice', async () => {
    const { world, record, job } = await claimed();
    world.pipeline.waiting(record.approvalId);
    world.pipeline.loseNextResponse();
    await expect(completeDecision(job, world.decide)).rejects.toMatchObject({ code: 'TRANSIENT' });

    const retried = decidedOf(await completeDecision(job, world.decide));

    expect(retried.status).toBe('approved');
    expect(world.pipeline.puts).toHaveLength(1);
  });

  it('after ApprovalAlreadyCompleted from its own earlier call, records the decision', async () => {
    // Prepare: CodePipeline already shows our decision but the action state is read before it.
    const { world, record, job } = await claimed();
    world.pipeline.waiting(record.approvalId);
    const summary = decisionSummary('Approved', PEOPLE.alice, 'slack', undefined);
    world.pipeline.putApprovalResult = async () => {
      world.pipeline.ended(record.approvalId, 'Succeeded', summary);
      throw new PipegateError('ALREADY_DECIDED', 'ApprovalAlreadyCompletedException');
    };

    const decided = decidedOf(await completeDecision(job, world.decide));

    expect(decided.status).toBe('approved');
  });

  it('refuses when someone decided in the console in between, recording how it ended', async () => {
    const { world, record, job } = await claimed();
    world.pipeline.waiting(record.approvalId);
    world.pipeline.putApprovalResult = async () => {
      world.pipeline.ended(record.approvalId, 'Failed', 'Rejected in the console');
      throw new PipegateError('ALREADY_DECIDED', 'ApprovalAlreadyCompletedException');
    };

    expect(refusalOf(await completeDecision(job, world.decide))).toMatchObject({
      reason: 'APPROVAL_NOT_ACTIVE',
    });

    expect(world.approvals.stored(record.executionId, record.approvalId)?.status).toBe('completed-outside');
    expect(world.audit.of('approval.completed-outside')).toHaveLength(1);
    expect(world.announced.map((announced) => announced.status)).toEqual(['completed-outside']);
  });

  it('calls an approval that failed after its expiry expired', async () => {
    const { world, record, job } = await claimed({ expiresAt: '2026-09-01T12:05:00.000Z' });
    world.pipeline.ended(record.approvalId, 'Failed');
    world.clock.advance(10 * 60_000);

    expect(refusalOf(await completeDecision(job, world.decide))).toMatchObject({
      reason: 'APPROVAL_NOT_ACTIVE',
      message: 'This approval expired before anyone decided it.',
    });
    expect(world.approvals.stored(record.executionId, record.approvalId)?.status).toBe('expired');
  });

  it('decides nothing for a job whose claim is gone (released, or taken over)', async () => {
    const { world, record, job } = await claimed();
    world.pipeline.waiting(record.approvalId);
    const stored = world.approvals.stored(record.executionId, record.approvalId) as ApprovalRecord;
    world.approvals.put({
      ...stored,
      claim: { ...(stored.claim as NonNullable<ApprovalRecord['claim']>), by: PEOPLE.rita },
    });

    expect(refusalOf(await completeDecision(job, world.decide))).toMatchObject({
      reason: 'ALREADY_DECIDED',
      details: { decidedBy: 'Rita Moe <rita@example.com>' },
    });
    expect(world.pipeline.puts).toHaveLength(0);
    expect(world.audit.refusals()).toEqual(['ALREADY_DECIDED']);
  });

  it('refuses NOT_FOUND for a job about an unknown approval', async () => {
    const { world, record, job } = await claimed();
    world.approvals.remove(record.executionId, record.approvalId);

    expect(refusalOf(await completeDecision(job, world.decide))).toMatchObject({
      reason: 'NOT_FOUND',
    });
    expect(world.audit.refusals()).toEqual(['NOT_FOUND']);
  });

  it('refuses an approval in an account pipegate may not reach, and gives the claim back', async () => {
    const { world, record, job } = await claimed({ account: '999999999999' });

    expect(refusalOf(await completeDecision(job, world.decide))).toMatchObject({
      reason: 'ACCOUNT_NOT_CONFIGURED',
    });

    expect(world.audit.entries).toEqual([
      expect.objectContaining({
        reason: 'ACCOUNT_NOT_CONFIGURED',
        details: { account: '999999999999', region: 'eu-west-1' },
      }),
    ]);
    const stored = world.approvals.stored(record.executionId, record.approvalId);
    expect(stored?.status).toBe('pending');
    expect(stored?.claim).toBeUndefined();
  });

  it('keeps the claim on a transient CodePipeline failure, for the async retry', async () => {
    const { world, record, job } = await claimed();
    world.pipeline.waiting(record.approvalId);
    world.pipeline.faults.failNext('putApprovalResult', new PipegateError('TRANSIENT', 'throttled'));

    await expect(completeDecision(job, world.decide)).rejects.toMatchObject({ code: 'TRANSIENT' });

    expect(world.approvals.stored(record.executionId, record.approvalId)?.claim?.at).toBe(job.claimedAt);
  });

  it('records a rejection with its trimmed comment', async () => {
    const { world, record, job } = await claimed({}, 'Rejected');
    world.pipeline.waiting(record.approvalId);

    const decided = decidedOf(
      await completeDecision({ ...job, comment: '  breaks checkout ' }, world.decide),
    );

    expect(decided).toMatchObject({ status: 'rejected', comment: 'breaks checkout' });
    expect(world.pipeline.puts[0]?.status).toBe('Rejected');
  });
});

describe('runDecisionJob: a refusal is an answer, a fault is retried', () => {
  it('tells the approver in Slack why nothing was decided and ends the job', async () => {
    const { world, record, job } = await claimed();
    world.pipeline.ended(record.approvalId, 'Succeeded');
    const reply = { channel: 'CDEPLOYS', user: PEOPLE.alice.slackUserId, threadTs: '1.1' };

    const outcome = await runDecisionJob(
      { ...job, reply },
      { decide: world.decide, chat: world.chat, log: world.log },
    );

    expect(outcome).toEqual({ outcome: 'refused', code: 'APPROVAL_NOT_ACTIVE' });
    expect(world.chat.ephemerals).toEqual([
      expect.objectContaining({ ...reply, text: expect.stringContaining('outside pipegate') }),
    ]);
  });

  it('returns decided on success', async () => {
    const { world, record, job } = await claimed();
    world.pipeline.waiting(record.approvalId);

    const outcome = await runDecisionJob(job, { decide: world.decide, chat: world.chat, log: world.log });

    expect(outcome).toEqual({ outcome: 'decided', status: 'approved' });
  });

  it('rethrows a transient fault so the invoke is retried', async () => {
    const { world, record, job } = await claimed();
    world.pipeline.waiting(record.approvalId);
    world.pipeline.faults.failNext('putApprovalResult', new PipegateError('TRANSIENT', 'throttled'));

    await expect(
      runDecisionJob(job, { decide: world.decide, chat: world.chat, log: world.log }),
    ).rejects.toMatchObject({
      code: 'TRANSIENT',
    });
    expect(world.log.messages('warn')).toContain('decision not completed yet; the invoke will be retried');
  });

  it('still ends the job when Slack cannot take the ephemeral', async () => {
    const { world, record, job } = await claimed();
    world.pipeline.ended(record.approvalId, 'Succeeded');
    world.chat.faults.failNext('postEphemeral', new PipegateError('PERMANENT_DELIVERY', 'channel_not_found'));

    const outcome = await runDecisionJob(
      { ...job, reply: { channel: 'CDEPLOYS', user: 'U0ALICE01' } },
      { decide: world.decide, chat: world.chat, log: world.log },
    );

    expect(outcome.outcome).toBe('refused');
    expect(world.log.messages('warn')).toContain('could not tell the approver');
  });
});
