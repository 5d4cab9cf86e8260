import { refusalFor } from '../../../shared/approvals/check-approver';
import { parseConfig } from '../../../shared/config/load-config';
import type { ApprovalPolicy } from '../../../shared/config/pipegate-config';
import type { ChatPort, ChatUser } from '../../../shared/delivery/chat-port';
import { pendingApproval } from '../present/summaries';

const policyOf = (yaml: string): ApprovalPolicy => {
  const [policy] = parseConfig(yaml, { source: 'approvals.yaml', env: {} }).approvals;
  if (!policy) throw new Error('no policy');
  return policy;
};

/** A Slack workspace of one person whose profile hides their email (users.info gives none). */
const chatWith = (users: Record<string, ChatUser>): ChatPort => {
  const unused = async (): Promise<never> => {
    throw new Error('not used here');
  };
  return {
    postMessage: unused,
    updateMessage: unused,
    postEphemeral: unused,
    openView: unused,
    userInfo: unused,
    userGroupMembers: async () => [],
    userByEmail: async (email) => users[email],
  };
};

const PRIYA = { id: 'U0PRIYA04', name: 'priya' };
const byPriya = pendingApproval({ trigger: { authorEmail: 'Priya@Example.com', commitId: 'abc' } });
const startedBySam = pendingApproval({
  trigger: { type: 'StartPipelineExecution', detail: 'arn:aws:sts::123456789012:assumed-role/Dev/sam' },
});

describe('refusalFor: the approver against every identity of the change', () => {
  it('recognises the commit author clicking in Slack through the Slack user with that email', async () => {
    // Prepare
    const policy = policyOf(
      `approvals: [{ match: { pipelines: ["*"] }, slack: { users: [U0PRIYA04] }, preventSelfApproval: true }]`,
    );
    const actor = { id: 'slack:U0PRIYA04', slackUserId: 'U0PRIYA04' };

    // Act
    const refusal = await refusalFor(byPriya, policy, actor, chatWith({ 'priya@example.com': PRIYA }));

    // Assess
    expect(refusal).toEqual({ reason: 'SELF_APPROVAL', details: { matched: 'commit-author-slack-user' } });
  });

  it('recognises the principal that started the run, by the email local part of the approver', async () => {
    // Prepare
    const policy = policyOf(
      `approvals: [{ match: { pipelines: ["*"] }, emails: [sam@example.com], preventSelfApproval: true }]`,
    );

    // Act
    const refusal = await refusalFor(
      startedBySam,
      policy,
      { id: 'sam@example.com', email: 'sam@example.com' },
      undefined,
    );

    // Assess
    expect(refusal).toEqual({ reason: 'SELF_APPROVAL', details: { matched: 'execution-starter' } });
  });

  it('requireDistinctFrom [trigger] refuses when no principal started the run, where preventSelfApproval lets it pass', async () => {
    // Prepare
    const strict = policyOf(
      `approvals: [{ match: { pipelines: ["*"] }, emails: [jane@example.com], requireDistinctFrom: [trigger] }]`,
    );
    const lenient = policyOf(
      `approvals: [{ match: { pipelines: ["*"] }, emails: [jane@example.com], preventSelfApproval: true }]`,
    );
    const jane = { id: 'jane@example.com', email: 'jane@example.com' };

    // Act
    const strictRefusal = await refusalFor(byPriya, strict, jane, undefined);
    const lenientRefusal = await refusalFor(byPriya, lenient, jane, undefined);
    const startedByOther = await refusalFor(startedBySam, strict, jane, undefined);

    // Assess
    expect(strictRefusal).toEqual({ reason: 'NOT_ALLOWED', details: { why: 'starter-unknown' } });
    expect(lenientRefusal).toBeUndefined();
    expect(startedByOther).toBeUndefined();
  });

  it('never lets an inform-only mailbox decide', async () => {
    // Prepare
    const policy = policyOf(
      `approvals: [{ match: { pipelines: ["*"] }, emails: [jane@example.com], inform: [release-managers@example.com] }]`,
    );
    const mailbox = { id: 'release-managers@example.com', email: 'release-managers@example.com' };

    // Act
    const refusal = await refusalFor(byPriya, policy, mailbox, undefined);

    // Assess
    expect(refusal?.reason).toBe('NOT_ALLOWED');
  });

  it('refuses a config that lists one address both as a decider and as informed', () => {
    // Act
    const parse = () =>
      policyOf(
        `approvals: [{ match: { pipelines: ["*"] }, emails: [ops@example.com], inform: [OPS@example.com] }]`,
      );

    // Assess
    expect(parse).toThrow(/a shared mailbox may be informed but cannot decide/);
  });
});
