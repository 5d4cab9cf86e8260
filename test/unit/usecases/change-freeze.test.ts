import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { completeDecision } from '../../../shared/approvals/complete-decision';
import {
  type Claimed,
  type Counted,
  claimDecision,
  type DecideInput,
} from '../../../shared/approvals/decide-approval';
import { type Refused, refusalError } from '../../../shared/approvals/refusal';
import type { PipegateError } from '../../../shared/errors';
import { encodeApprovalRef } from '../../../shared/present/slack/approval-ref';
import { handleInteraction, type InteractionDeps } from '../../../shared/slack/handle-interaction';
import { type Interaction, parseInteraction } from '../../../shared/slack/interaction-payload';
import {
  type ApprovalWorld,
  approvalWorld,
  PEOPLE,
  POLICY_YAML,
  releaseTrainFreeze,
  testConfig,
} from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';
import { claimedOf, decidedOf, refusalOf as refusalIn } from './outcomes';

/**
 * The world's clock starts on Tuesday 2026-09-01 12:00Z (14:00 in Berlin): inside this freeze, which holds
 * prod pipelines on Tuesdays from 13:00 Berlin until midnight (22:00Z). Rita (an approver through her user
 * group) and Bob (no approver) may break it; Alice is an approver who may not.
 */
const FROZEN_YAML = `${POLICY_YAML}${releaseTrainFreeze(['U0RITA001', 'U0BOB0001'])}`;

const frozenWorld = (record: ApprovalRecord): ApprovalWorld =>
  approvalWorld({ records: [record], config: testConfig(FROZEN_YAML), accounts: ['123456789012'] });

const inputFor = (record: ApprovalRecord, overrides: Partial<DecideInput> = {}): DecideInput => ({
  executionId: record.executionId,
  approvalId: record.approvalId,
  decision: 'Approved',
  actor: PEOPLE.alice,
  channel: 'slack',
  ...overrides,
});

/** The refusal of a claim, as the error the transports answer with. */
const refusalOf = async (attempt: Promise<Claimed | Counted | Refused>): Promise<PipegateError> =>
  refusalError(refusalIn(await attempt));

describe('change freezes in the decision', () => {
  it('refuses an approve inside a freeze, saying which, until when and who can break it, on the record', async () => {
    // Prepare
    const record = approvalRecord();
    const world = frozenWorld(record);

    // Act
    const error = await refusalOf(claimDecision(inputFor(record), world.decide));

    // Assess
    expect(error.code).toBe('FROZEN');
    expect(error.message).toBe(
      'Change freeze "release train" until Wed 2 Sep 2026 00:00 (Europe/Berlin); break-glass: U0RITA001, U0BOB0001.',
    );
    expect(world.audit.of('approval.refused')).toEqual([
      expect.objectContaining({
        reason: 'FROZEN',
        actor: PEOPLE.alice,
        decision: 'Approved',
        details: expect.objectContaining({ freeze: 'release train', until: '2026-09-01T22:00:00.000Z' }),
      }),
    ]);
    expect(world.approvals.stored(record.executionId, record.approvalId)?.claim).toBeUndefined();
  });

  it('never holds a reject', async () => {
    const record = approvalRecord();
    const world = frozenWorld(record);

    const { job } = claimedOf(
      await claimDecision(
        inputFor(record, { decision: 'Rejected', comment: 'not during the train' }),
        world.decide,
      ),
    );

    expect(job.decision).toBe('Rejected');
    expect(job.breakGlass).toBeUndefined();
  });

  it('lets the approve through once the clock is past the freeze', async () => {
    const record = approvalRecord();
    const world = frozenWorld(record);
    world.clock.set('2026-09-01T22:00:00.000Z');

    const { job } = claimedOf(await claimDecision(inputFor(record), world.decide));

    expect(job.breakGlass).toBeUndefined();
    expect(world.audit.entries).toHaveLength(0);
  });

  it('asks a break-glass approver for a reason, on the record', async () => {
    const record = approvalRecord();
    const world = frozenWorld(record);

    const error = await refusalOf(claimDecision(inputFor(record, { actor: PEOPLE.rita }), world.decide));

    expect(error.code).toBe('REASON_REQUIRED');
    expect(world.audit.refusals()).toEqual(['REASON_REQUIRED']);
  });

  it('does not let break-glass make an approver of someone the policy does not list', async () => {
    const record = approvalRecord();
    const world = frozenWorld(record);

    const error = await refusalOf(
      claimDecision(inputFor(record, { actor: PEOPLE.bob, comment: 'hotfix' }), world.decide),
    );

    expect(error.code).toBe('NOT_ALLOWED');
  });

  it('approves with break-glass and a reason: one PutApprovalResult, the decision and approval.break-glass audited, the record marked', async () => {
    // Prepare
    const record = approvalRecord();
    const world = frozenWorld(record);
    world.pipeline.waiting(record.approvalId);

    // Act
    const { job } = claimedOf(
      await claimDecision(
        inputFor(record, { actor: PEOPLE.rita, comment: 'Hotfix for INC-1234' }),
        world.decide,
      ),
    );
    const decided = decidedOf(await completeDecision(job, world.decide));
    await completeDecision(job, world.decide); // an at-least-once redelivery

    // Assess
    expect(job.breakGlass).toEqual({ freezes: ['release train'], until: '2026-09-01T22:00:00.000Z' });
    expect(world.pipeline.puts).toHaveLength(1);
    expect(decided).toMatchObject({
      status: 'approved',
      comment: 'Hotfix for INC-1234',
      breakGlass: { freezes: ['release train'] },
    });
    expect(world.audit.of('approval.break-glass')).toEqual([
      expect.objectContaining({
        actor: PEOPLE.rita,
        comment: 'Hotfix for INC-1234',
        details: { freeze: 'release train', until: '2026-09-01T22:00:00.000Z' },
      }),
    ]);
    expect(world.audit.of('approval.decided')).toHaveLength(1);
  });
});

const click = (record: ApprovalRecord, user: string): Interaction =>
  parseInteraction(
    `payload=${encodeURIComponent(
      JSON.stringify({
        type: 'block_actions',
        user: { id: user },
        trigger_id: 'trigger-1',
        channel: { id: 'CDEPLOYS' },
        container: { message_ts: '1767000000.000002' },
        actions: [{ action_id: 'pipegate.approve', value: encodeApprovalRef(record) }],
      }),
    )}`,
  );

const submitReason = (record: ApprovalRecord, user: string, reason: string | null): Interaction =>
  parseInteraction(
    `payload=${encodeURIComponent(
      JSON.stringify({
        type: 'view_submission',
        user: { id: user },
        view: {
          callback_id: 'pipegate.break-glass.submit',
          private_metadata: encodeApprovalRef(record),
          state: { values: { comment: { comment: { value: reason } } } },
        },
      }),
    )}`,
  );

const depsOf = (world: ApprovalWorld): InteractionDeps => ({
  decide: world.decide,
  chat: world.chat,
  decisions: world.decisions,
});

describe('change freezes in Slack', () => {
  it('Approve from someone who may not break the freeze is refused in an ephemeral message', async () => {
    const record = approvalRecord();
    const world = frozenWorld(record);

    await handleInteraction(click(record, 'U0ALICE01'), depsOf(world));

    expect(world.chat.ephemerals).toEqual([
      expect.objectContaining({
        text: expect.stringContaining('Change freeze "release train" until Wed 2 Sep 2026 00:00'),
      }),
    ]);
    expect(world.decisions.jobs).toHaveLength(0);
  });

  it('Approve from a break-glass approver opens the reason dialog and claims nothing yet', async () => {
    const record = approvalRecord();
    const world = frozenWorld(record);

    await handleInteraction(click(record, 'U0RITA001'), depsOf(world));

    expect(world.chat.views).toEqual([
      {
        triggerId: 'trigger-1',
        view: expect.objectContaining({ callback_id: 'pipegate.break-glass.submit' }),
      },
    ]);
    expect(world.decisions.jobs).toHaveLength(0);
    expect(world.audit.entries).toHaveLength(0);
  });

  it('the dialog with a reason hands a break-glass approval to the decider', async () => {
    const record = approvalRecord();
    const world = frozenWorld(record);

    const response = await handleInteraction(
      submitReason(record, 'U0RITA001', 'INC-1234 hotfix'),
      depsOf(world),
    );

    expect(response).toBeUndefined();
    expect(world.decisions.jobs).toEqual([
      expect.objectContaining({
        decision: 'Approved',
        comment: 'INC-1234 hotfix',
        breakGlass: { freezes: ['release train'], until: '2026-09-01T22:00:00.000Z' },
      }),
    ]);
  });

  it('the dialog without a reason answers with a field error', async () => {
    const record = approvalRecord();
    const world = frozenWorld(record);

    const response = await handleInteraction(submitReason(record, 'U0RITA001', null), depsOf(world));

    expect(response).toEqual({
      response_action: 'errors',
      errors: { comment: expect.stringContaining('only with a reason') },
    });
    expect(world.decisions.jobs).toHaveLength(0);
  });
});
