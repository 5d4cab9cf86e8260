import {
  createReconcileApprovalReaction,
  type ReconcileDeps,
} from '../../../shared/approvals/reconcile-approval';
import type { PipelineEvent } from '../../../shared/events/pipeline-event';
import type { Recorded } from '../../../shared/history/record-event';
import { type ApprovalWorld, approvalWorld, PEOPLE } from '../../support/fakes/approval-world';
import { approvalRecord, executionSummary } from '../approvals/link-fixtures';

const record = approvalRecord({ expiresAt: '2026-09-01T18:00:00.000Z' });

const approvalEnded = (
  state: PipelineEvent['state'],
  time: string,
  summary?: string,
  category = 'Approval',
): Recorded => ({
  outcome: 'new',
  event: {
    eventId: `evt-${state}`,
    level: 'action',
    pipeline: record.pipeline,
    executionId: record.executionId,
    stage: record.stage,
    action: record.action,
    actionExecutionId: record.approvalId,
    actionCategory: category,
    state,
    time,
    attempt: 1,
    ...(summary ? { result: { summary } } : {}),
  },
  previous: undefined,
  summary: executionSummary(),
});

const depsOf = (world: ApprovalWorld): ReconcileDeps => ({
  approvals: world.approvals,
  audit: world.audit,
  log: world.log,
  now: world.clock.now,
  announce: world.decide.announce,
});

describe('the reconcile reaction: an approval pipegate did not decide learns how it ended', () => {
  it.each([
    ['SUCCEEDED', '2026-09-01T12:30:00.000Z', 'completed-outside', 'Approved', 'approval.reconciled'],
    ['FAILED', '2026-09-01T12:30:00.000Z', 'completed-outside', 'Rejected', 'approval.reconciled'],
    ['FAILED', '2026-09-01T18:00:00.000Z', 'expired', undefined, 'approval.expired'],
    ['ABANDONED', '2026-09-01T12:30:00.000Z', 'abandoned', undefined, 'approval.reconciled'],
  ] as const)('an action %s at %s settles it %s', async (state, time, status, decision, action) => {
    // Prepare
    const world = approvalWorld({ records: [record] });

    // Act
    await createReconcileApprovalReaction(depsOf(world))(approvalEnded(state, time, 'in the console'));

    // Assess
    const stored = world.approvals.stored(record.executionId, record.approvalId);
    expect(stored).toMatchObject({ status, channel: 'console', decidedAt: time, comment: 'in the console' });
    expect(stored?.decision).toBe(decision);
    expect(world.audit.of(action)).toHaveLength(1);
    expect(world.announced.map((announced) => announced.status)).toEqual([status]);
  });

  it('leaves a decision in flight alone: the claim holder settles it', async () => {
    const world = approvalWorld({
      records: [
        {
          ...record,
          claim: { by: PEOPLE.alice, decision: 'Approved', channel: 'slack', at: '2026-09-01T12:00:00.000Z' },
        },
      ],
    });

    await createReconcileApprovalReaction(depsOf(world))(
      approvalEnded('SUCCEEDED', '2026-09-01T12:00:01.000Z'),
    );

    expect(world.approvals.saves).toHaveLength(0);
    expect(world.audit.entries).toHaveLength(0);
  });

  it('does nothing for an approval already settled, a started action or another category', async () => {
    const world = approvalWorld({ records: [{ ...record, status: 'approved' }] });
    const react = createReconcileApprovalReaction(depsOf(world));

    await react(approvalEnded('SUCCEEDED', '2026-09-01T12:30:00.000Z'));
    await react(approvalEnded('STARTED', '2026-09-01T12:30:00.000Z'));
    await react(approvalEnded('FAILED', '2026-09-01T12:30:00.000Z', undefined, 'Build'));

    expect(world.approvals.saves).toHaveLength(0);
    expect(world.announced).toHaveLength(0);
  });
});
