import { createHmac, randomBytes } from 'node:crypto';
import { clickSlackButton } from '../../../local/slack-click';
import { createSlackChat, createSlackWebClient } from '../../../shared/adapters/slack/slack-chat';
import { parseLinkKeys } from '../../../shared/approvals/link-keys';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { approvalPlan } from './approval-plans';

// A generous ceiling: the first request compiles the handlers, and CI machines are shared.

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const recordOf = (executionId: string) =>
  waitFor(async () => (await harness.approvals.listForExecution(executionId))[0]);

/** A link signed with the stack's real key, as an email sent before the config change would carry. */
const signedLink = (payload: Record<string, unknown>): string => {
  const keys = parseLinkKeys(harness.stack.env.PIPEGATE_LINK_KEYS);
  const part = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const key = keys.keys.get(keys.signingKid) ?? Buffer.alloc(0);
  const mac = createHmac('sha256', key)
    .update(`pipegate-link-v1.${part}.${keys.signingKid}`)
    .digest('base64url');
  return `${part}.${keys.signingKid}.${mac}`;
};
const postLink = (token: string, decision: string) =>
  fetch(`${harness.stack.api.url}/approvals/link`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token, decision }).toString(),
  });
const emailLinkFor = async (to: string, executionId: string): Promise<string> => {
  const mail = await waitFor(() =>
    harness.stack.sns
      .emails(to)
      .find(
        (m) => m.attributes.recipient?.StringValue === to && m.subject?.includes(executionId.slice(0, 6)),
      ),
  );
  const [approve] = mail.body.match(/https?:\/\/\S+\/approvals\/link\?t=\S+/g) ?? [];
  return new URL(approve ?? 'http://x').searchParams.get('t') ?? '';
};

describe('who may decide an approval (finding 1)', () => {
  it('sends the shipped shared mailbox a notice without links, and refuses a link made out to it', async () => {
    // Prepare: Jane authored the change and reads release-managers@.
    const plan = approvalPlan({ name: 'Jane Doe', email: 'jane@example.com' });
    void harness.play(plan);
    const record = await recordOf(plan.executionId);
    const notice = await waitFor(() =>
      harness.stack.sns
        .emails('release-managers@example.com')
        .find((m) => m.subject?.includes(plan.executionId.slice(0, 6))),
    );
    const token = signedLink({
      v: 1,
      a: record.approvalId,
      e: record.executionId,
      r: 'release-managers@example.com',
      d: 'approve',
      x: Math.floor(Date.now() / 1000) + 600,
      n: randomBytes(16).toString('base64url'),
    });

    // Act
    const response = await postLink(token, 'approve');

    // Assess
    expect(notice.body).not.toContain('/approvals/link');
    expect(notice.body).toContain('informed only');
    expect(record.emailRecipients).not.toContain('release-managers@example.com');
    expect(response.status).toBe(403);
    expect((await recordOf(plan.executionId)).status).toBe('pending');
    const refusal = (await harness.auditOf(plan.executionId)).find((e) => e.action === 'approval.refused');
    expect(refusal).toMatchObject({ reason: 'NOT_ALLOWED', actor: { id: 'release-managers@example.com' } });
  });

  it('refuses the IAM principal that started the execution, matched by its SSO session email', async () => {
    // Prepare: Sam started the run by hand from the console; no commit author to compare with.
    const plan = {
      ...approvalPlan(),
      trigger: {
        'execution-trigger': {
          'trigger-type': 'StartPipelineExecution',
          'trigger-detail':
            'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_0123456789abcdef/sam@example.com',
        },
      },
    };
    void harness.play(plan);
    const token = await emailLinkFor('sam@example.com', plan.executionId);

    // Act
    const response = await postLink(token, 'approve');

    // Assess
    expect(response.status).toBe(403);
    expect((await recordOf(plan.executionId)).status).toBe('pending');
    const refusal = (await harness.auditOf(plan.executionId)).find((e) => e.reason === 'SELF_APPROVAL');
    expect(refusal).toMatchObject({ details: { matched: 'execution-starter' } });
  });

  it('finds the Slack user registered with an email (users.lookupByEmail in the stand-in and adapter)', async () => {
    // Prepare
    const chat = createSlackChat(
      createSlackWebClient({ token: 'xoxb-local-pipegate', apiUrl: `${harness.stack.slack.url}/api/` }),
    );

    // Act
    const [jane, nobody] = await Promise.all([
      chat.userByEmail('Jane@Example.com'),
      chat.userByEmail('nobody@example.com'),
    ]);

    // Assess
    expect(jane?.id).toBe('U0JANE001');
    expect(nobody).toBeUndefined();
  });
});

describe('a signed Slack click from a user the workspace does not know (finding 5)', () => {
  it('answers 200, decides nothing and puts the refusal on the record', async () => {
    // Prepare
    const plan = approvalPlan();
    void harness.play(plan);
    const message = await waitFor(() => harness.approvalMessage(plan.executionId));
    const record = await recordOf(plan.executionId);

    // Act
    const response = await clickSlackButton({
      apiUrl: harness.stack.api.url,
      signingSecret: harness.stack.env.SLACK_SIGNING_SECRET as string,
      userId: 'U0NOBODY9',
      actionId: 'pipegate.approve',
      value: JSON.stringify({ e: plan.executionId, a: record.approvalId }),
      channel: message.channel,
      messageTs: message.ts,
    });

    // Assess
    expect(response.status).toBe(200);
    expect((await recordOf(plan.executionId)).status).toBe('pending');
    const refusal = (await harness.auditOf(plan.executionId)).find((e) => e.action === 'approval.refused');
    expect(refusal).toMatchObject({ reason: 'NOT_ALLOWED', actor: { id: 'slack:U0NOBODY9' } });
  });
});
