import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { createApprovalAnnouncer } from '../../../shared/notify/announce-approval';
import {
  approvalWorld,
  POLICY_YAML,
  releaseTrainFreeze,
  testConfig,
} from '../../support/fakes/approval-world';
import { approvalRecord } from '../approvals/link-fixtures';

/** A freeze holding prod pipelines on Tuesdays from 13:00 Berlin time: the fake clock starts inside it. */
const FROZEN_YAML = `${POLICY_YAML}${releaseTrainFreeze(['U0RITA001'])}`;

/** An approval one vote into a quorum of two, its request posted in #deploys. */
const halfwayRecord = (): ApprovalRecord => ({
  ...approvalRecord(),
  required: 2,
  votes: [
    {
      by: { id: 'alice@example.com', email: 'alice@example.com', name: 'Alice Doe' },
      channel: 'slack',
      at: '2026-09-01T11:59:00.000Z',
    },
  ],
  slackMessages: [{ channel: 'C0DEPLOYS', ts: '1788000000.000100', cardChannel: '#deploys' }],
});

const announceIn = async (yaml: string) => {
  const record = halfwayRecord();
  const world = approvalWorld({ records: [record], config: testConfig(yaml) });
  const announce = createApprovalAnnouncer({
    chat: world.chat,
    store: world.store,
    approvals: world.approvals,
    history: world.history,
    log: world.log,
    now: world.clock.now,
    freezes: world.config.freezes,
  });
  await announce(record);
  return JSON.stringify(world.chat.updated);
};

describe('announcing a quorum vote', () => {
  it('keeps the freeze line on the re-rendered request while the freeze holds', async () => {
    // Prepare / Act
    const updated = await announceIn(FROZEN_YAML);

    // Assess
    expect(updated).toContain('1 of 2');
    expect(updated).toContain('release train');
  });

  it('shows no freeze line when no freeze holds the approval', async () => {
    // Prepare / Act
    const updated = await announceIn(POLICY_YAML);

    // Assess
    expect(updated).toContain('1 of 2');
    expect(updated).not.toContain('release train');
  });
});
