import { decideApproval } from '../../../shared/approvals/decide-approval';
import type { Actor } from '../../../shared/audit/audit-entry';
import { approvalWorld, PEOPLE, releaseTrainFreeze, testConfig } from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';

/** Two of Alice, Rita and Bob must approve; a freeze (the fake clock starts inside it) Rita and Bob may break. */
const QUORUM_IN_FREEZE = `
approvals:
  - match: { pipelines: ["prod-*"] }
    slack: { users: [U0ALICE01, U0RITA001, U0BOB0001] }
    required: 2${releaseTrainFreeze(['U0RITA001', 'U0BOB0001'])}`;

const frozenQuorum = () => {
  const record = approvalRecord();
  const world = approvalWorld({ records: [record], config: testConfig(QUORUM_IN_FREEZE) });
  world.pipeline.waiting(record.approvalId);
  const vote = (actor: Actor, comment?: string) =>
    decideApproval(
      {
        executionId: record.executionId,
        approvalId: record.approvalId,
        decision: 'Approved',
        actor,
        channel: 'slack',
        ...(comment ? { comment } : {}),
      },
      world.decide,
    );
  return { ...world, record, vote };
};

describe('a quorum inside a change freeze', () => {
  it('needs break-glass, with a reason, for every vote: one counted, one refused, then decided once', async () => {
    // Prepare
    const world = frozenQuorum();

    // Act
    const first = await world.vote(PEOPLE.rita, 'INC-1234 hotfix');
    const refused = await world.vote(PEOPLE.alice);
    const second = await world.vote(PEOPLE.bob, 'INC-1234 hotfix, second pair of eyes');

    // Assess
    expect(first.outcome).toBe('counted');
    expect(refused).toMatchObject({
      outcome: 'refused',
      refusal: expect.objectContaining({ reason: 'FROZEN' }),
    });
    expect(second.outcome).toBe('decided');
    expect(world.pipeline.puts).toHaveLength(1);
    expect(world.audit.refusals()).toEqual(['FROZEN']);
  });
});
