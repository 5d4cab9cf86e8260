import { PipegateError } from '../../../shared/errors';
import type { PipelineEvent } from '../../../shared/events/pipeline-event';
import type { Recorded } from '../../../shared/history/record-event';
import {
  createRequestApprovalReaction,
  type RequestApprovalDeps,
} from '../../../shared/notify/request-approval';
import {
  type ApprovalWorld,
  approvalWorld,
  LINK_KEYS,
  POLICY_YAML,
  releaseTrainFreeze,
  TOPIC_ARN,
  testConfig,
} from '../../support/fakes/approval-world';
import { executionSummary } from '../approvals/link-fixtures';

const APPROVAL_ID = '9f1c7a52-3d4e-4b8a-a1f0-6c2d9e8b7a10';
const EXECUTION_ID = '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';

const approvalStarted = (overrides: Partial<PipelineEvent> = {}): Recorded => ({
  outcome: 'new',
  event: {
    eventId: 'evt-approval',
    level: 'action',
    account: '123456789012',
    region: 'eu-west-1',
    pipeline: 'prod-api',
    executionId: EXECUTION_ID,
    stage: 'Approval',
    action: 'ManualApproval',
    actionExecutionId: APPROVAL_ID,
    actionCategory: 'Approval',
    state: 'STARTED',
    time: '2026-09-01T11:58:00.000Z',
    attempt: 1,
    ...overrides,
  },
  previous: undefined,
  summary: executionSummary({
    actions: {
      'Approval/ManualApproval': {
        stage: 'Approval',
        action: 'ManualApproval',
        actionExecutionId: APPROVAL_ID,
        category: 'Approval',
        state: 'STARTED',
        attempt: 1,
        updatedAt: '2026-09-01T11:58:00.000Z',
      },
    },
  }),
});

const depsOf = (world: ApprovalWorld, overrides: Partial<RequestApprovalDeps> = {}): RequestApprovalDeps => ({
  config: world.config,
  approvals: world.approvals,
  audit: world.audit,
  chat: world.chat,
  mail: world.mail,
  store: world.store,
  history: world.history,
  linkKeys: LINK_KEYS,
  pipeline: world.pipeline,
  publicUrl: 'https://pipegate.example.com',
  topicArn: TOPIC_ARN,
  log: world.log,
  now: world.clock.now,
  ...overrides,
});

describe('the request reaction: a started approval action becomes a gate people can decide', () => {
  it('records the approval pending, audits the request, posts buttons in the card’s thread, emails approvers and informs mailboxes', async () => {
    // Prepare
    const world = approvalWorld({ accounts: ['123456789012'] });
    world.pipeline.actionSettings('prod-api', 'Approval', 'ManualApproval', {
      customData: 'Check the canary',
      reviewUrl: 'https://example.com/review',
      timeoutMinutes: 60,
    });

    // Act
    await createRequestApprovalReaction(depsOf(world))(approvalStarted());

    // Assess
    const record = world.approvals.stored(EXECUTION_ID, APPROVAL_ID);
    expect(record).toMatchObject({
      status: 'pending',
      customData: 'Check the canary',
      reviewUrl: 'https://example.com/review',
      expiresAt: '2026-09-01T12:58:00.000Z',
      emailRecipients: ['alice@example.com', 'jane@example.com'],
    });
    expect(world.audit.of('approval.requested')).toHaveLength(1);
    const [card, request] = world.chat.posted;
    expect(request).toMatchObject({ threadTs: card?.ts, broadcast: true });
    expect(record?.slackMessages).toEqual([
      { channel: 'CDEPLOYS', ts: request?.ts, cardChannel: '#deploys' },
    ]);
    expect(world.mail.to('alice@example.com')).toHaveLength(1);
    expect(world.mail.to('jane@example.com')).toHaveLength(1);
    expect(world.mail.to('release-managers@example.com')).toEqual([
      expect.objectContaining({ body: expect.not.stringContaining('https://pipegate.example.com') }),
    ]);
  });

  it('remembers which change freezes the posted request shows, for the sweeper to notice a change', async () => {
    // Prepare: the release-train freeze holds prod pipelines at the world's clock
    const frozen = approvalWorld({
      config: testConfig(`${POLICY_YAML}${releaseTrainFreeze(['U0RITA001'])}`),
    });
    const open = approvalWorld();

    // Act
    await createRequestApprovalReaction(depsOf(frozen))(approvalStarted());
    await createRequestApprovalReaction(depsOf(open))(approvalStarted());

    // Assess
    expect(frozen.approvals.stored(EXECUTION_ID, APPROVAL_ID)?.shownFreezes).toBe(
      'release train@2026-09-01T22:00:00.000Z',
    );
    expect(JSON.stringify(frozen.chat.posted[1]?.blocks)).toContain('Change freeze *release train*');
    expect(open.approvals.stored(EXECUTION_ID, APPROVAL_ID)?.shownFreezes).toBe('');
  });

  it('is idempotent: a replay posts, emails and audits nothing more', async () => {
    const world = approvalWorld();
    const react = createRequestApprovalReaction(depsOf(world));

    await react(approvalStarted());
    await react(approvalStarted());

    expect(world.audit.of('approval.requested')).toHaveLength(1);
    expect(world.chat.posted).toHaveLength(2);
    expect(world.mail.published).toHaveLength(3);
  });

  it('ignores everything but a newly started approval action', async () => {
    const world = approvalWorld();
    const react = createRequestApprovalReaction(depsOf(world));

    await react(approvalStarted({ state: 'SUCCEEDED' }));
    await react(approvalStarted({ actionCategory: 'Build' }));
    await react({ ...approvalStarted(), outcome: 'stale' });

    expect(world.approvals.stored(EXECUTION_ID, APPROVAL_ID)).toBeUndefined();
  });

  it('still asks for the approval in an account pipegate is not set up for, with that on the record', async () => {
    const world = approvalWorld({ accounts: ['111111111111'] });

    await createRequestApprovalReaction(depsOf(world))(approvalStarted());

    expect(world.audit.of('approval.requested')[0]?.details).toMatchObject({ account: '123456789012' });
    expect(world.chat.posted).toHaveLength(2);
  });

  it('goes out without the action’s settings when CodePipeline cannot tell them', async () => {
    const world = approvalWorld();
    world.pipeline.faults.failNext('approvalSettings', new PipegateError('TRANSIENT', 'throttled'));

    await createRequestApprovalReaction(depsOf(world))(approvalStarted());

    expect(world.approvals.stored(EXECUTION_ID, APPROVAL_ID)?.expiresAt).toBe('2026-09-08T11:58:00.000Z');
    expect(world.log.messages('warn')).toContain('could not read the approval action configuration');
  });

  it('skips the emails, with a warning, when no link keys are configured', async () => {
    const world = approvalWorld();

    await createRequestApprovalReaction(depsOf(world, { linkKeys: undefined }))(approvalStarted());

    expect(world.mail.to('alice@example.com')).toHaveLength(0);
    expect(world.log.messages('warn')).toContain(
      'approval emails skipped: link keys or topic not configured',
    );
  });

  it('a pipeline no policy covers is still requested (the console decides), with nobody emailed', async () => {
    const world = approvalWorld();

    await createRequestApprovalReaction(depsOf(world))(approvalStarted({ pipeline: 'dev-api' }));

    expect(world.audit.of('approval.requested')[0]?.details).toMatchObject({ policy: 'none', emails: '0' });
    expect(world.mail.published).toHaveLength(0);
  });
});
