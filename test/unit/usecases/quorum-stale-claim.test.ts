import { claimDecision, decideApproval } from '../../../shared/approvals/decide-approval';
import type { DecisionJob } from '../../../shared/approvals/decision-job';
import { refusalError } from '../../../shared/approvals/refusal';
import type { Actor } from '../../../shared/audit/audit-entry';
import { PipegateError } from '../../../shared/errors';
import { runDecisionJob } from '../../../shared/notify/run-decision-job';
import { approvalWorld, PEOPLE, testConfig } from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';

/** Alice, Rita and Bob may approve; two must. */
const TWO_OF_THREE = `
approvals:
  - match: { pipelines: ["prod-*"] }
    slack: { users: [U0ALICE01, U0RITA001, U0BOB0001] }
    required: 2
`;
/** Longer than a claim stays live (ten minutes): its decider is gone for good. */
const PAST_STALE_MS = 10 * 60_000 + 1_000;
const BOTH_NAMED =
  'Approved by 2: Alice Doe <alice@example.com> via Slack; Rita Moe <rita@example.com> via Slack';

/**
 * Alice voted; Rita's vote reached the quorum and took the claim, and the decider that was to complete it
 * crashed (the job never ran, or ran as far as PutApprovalResult). The fast path alone is what ran.
 */
const crashedAfterClaim = async () => {
  const record = approvalRecord();
  const w = approvalWorld({ records: [record], config: testConfig(TWO_OF_THREE) });
  w.pipeline.waiting(record.approvalId);
  const input = (actor: Actor) => ({
    executionId: record.executionId,
    approvalId: record.approvalId,
    decision: 'Approved' as const,
    actor,
    channel: 'slack' as const,
  });
  await decideApproval(input(PEOPLE.alice), w.decide);
  const claimed = await claimDecision(input(PEOPLE.rita), w.decide);
  if (claimed.outcome !== 'claimed') throw new Error(`expected Rita to claim, got ${claimed.outcome}`);
  const approve = async (actor: Actor) => {
    const result = await decideApproval(input(actor), w.decide);
    if (result.outcome === 'refused') throw refusalError(result.refusal);
    return result.record;
  };
  const stored = () => w.approvals.stored(record.executionId, record.approvalId);
  return { ...w, record, approve, stored, deadJob: claimed.job as DecisionJob };
};

const codeOf = (attempt: Promise<unknown>): Promise<string> =>
  attempt.then(
    () => 'decided',
    (error: unknown) => (error instanceof PipegateError ? error.code : String(error)),
  );

describe('a quorum whose decider died after the claim', () => {
  it('lets the reaching voter retry once the claim is stale: one PutApprovalResult naming both', async () => {
    // Prepare
    const w = await crashedAfterClaim();
    w.clock.advance(PAST_STALE_MS);

    // Act
    const record = await w.approve(PEOPLE.rita);

    // Assess
    expect(record.status).toBe('approved');
    expect(w.pipeline.puts.map((put) => put.summary)).toEqual([BOTH_NAMED]);
    expect(record.votes?.map((vote) => vote.by.id)).toEqual([PEOPLE.alice.id, PEOPLE.rita.id]);
    const takeover = w.audit.entries.find((entry) => entry.details?.quorum === 'taken-over');
    expect(takeover?.details).toMatchObject({
      counted: '2 of 2',
      staleClaimBy: 'Rita Moe <rita@example.com>',
      staleClaimAt: '2026-09-01T12:00:00.000Z',
    });
  });

  it('keeps the claim while it is live: the retry is told it is being decided', async () => {
    // Prepare
    const w = await crashedAfterClaim();
    w.clock.advance(60_000);

    // Act
    const code = await codeOf(w.approve(PEOPLE.rita));

    // Assess
    expect(code).toBe('ALREADY_DECIDED');
    expect(w.pipeline.puts).toEqual([]);
  });

  it('lets the next approver take it over, without adding a vote to the reached quorum', async () => {
    // Prepare
    const w = await crashedAfterClaim();
    w.clock.advance(PAST_STALE_MS);

    // Act
    const record = await w.approve(PEOPLE.bob);

    // Assess
    expect(record).toMatchObject({ status: 'approved', decidedBy: PEOPLE.bob });
    expect(w.pipeline.puts.map((put) => put.summary)).toEqual([BOTH_NAMED]);
  });

  it('recognises a PutApprovalResult the dead decider made, and does not repeat it', async () => {
    // Prepare: the decider's PutApprovalResult went through, then it died before recording anything.
    const w = await crashedAfterClaim();
    const state = await w.pipeline.approvalState(w.record);
    if (state.status !== 'in-progress') throw new Error('the approval should be waiting');
    await w.pipeline.putApprovalResult({
      pipeline: w.record.pipeline,
      stage: w.record.stage,
      action: w.record.action,
      token: state.token,
      status: 'Approved',
      summary: BOTH_NAMED,
    });
    w.clock.advance(PAST_STALE_MS);

    // Act
    const record = await w.approve(PEOPLE.rita);

    // Assess
    expect(record.status).toBe('approved');
    expect(w.pipeline.puts).toHaveLength(1);
    expect(w.audit.entries.filter((entry) => entry.action === 'approval.decided')).toHaveLength(1);
  });

  it.each([
    ['Bob', PEOPLE.bob],
    ['Rita herself', PEOPLE.rita],
  ])('refuses the dead decider’s job if it comes back after %s took over', async (_who, taker) => {
    // Prepare
    const w = await crashedAfterClaim();
    w.clock.advance(PAST_STALE_MS);
    await w.approve(taker);

    // Act
    const late = await runDecisionJob(w.deadJob, { decide: w.decide, log: w.log });

    // Assess
    expect(late).toEqual({ outcome: 'refused', code: 'ALREADY_DECIDED' });
    expect(w.pipeline.puts).toHaveLength(1);
    expect(w.audit.entries.filter((entry) => entry.action === 'approval.decided')).toHaveLength(1);
  });

  it('lets two simultaneous retries take it over exactly once', async () => {
    // Prepare
    const w = await crashedAfterClaim();
    w.clock.advance(PAST_STALE_MS);

    // Act
    const codes = await Promise.all([PEOPLE.rita, PEOPLE.alice, PEOPLE.bob].map((p) => codeOf(w.approve(p))));

    // Assess
    expect(w.pipeline.puts).toHaveLength(1);
    expect(codes.filter((code) => code === 'decided')).toHaveLength(1);
    expect(w.stored()?.status).toBe('approved');
  });
});
