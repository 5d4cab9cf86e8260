import type { WebClientOptions } from '@slack/web-api';
import { ErrorCode, LogLevel, WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import type { SlackStandIn } from '../../../local/standins/slack';
import { startSlackStandIn } from '../../../local/standins/slack';

describe('Slack stand-in', () => {
  let slack: SlackStandIn;
  const client = (token = 'xoxb-test', options: WebClientOptions = {}): WebClient =>
    new WebClient(token, {
      slackApiUrl: `${slack.url}/api/`,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
      ...options,
    });
  const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*deploy* started' } }];

  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterEach(() => slack.reset());
  afterAll(async () => {
    await slack.close();
  });

  describe('auth.test', () => {
    it('identifies the bot for a well-formed bot token', async () => {
      // Act
      const result = await client().auth.test();

      // Assess
      expect(result).toMatchObject({ ok: true, user_id: expect.any(String), bot_id: expect.any(String) });
    });

    it('refuses a token that is not a bot token with invalid_auth', async () => {
      // Act
      const call = client('not-a-token').auth.test();

      // Assess
      await expect(call).rejects.toMatchObject({
        code: ErrorCode.PlatformError,
        data: { error: 'invalid_auth' },
      });
    });

    it('accepts only configured tokens when a token list is given', async () => {
      // Prepare
      const strict = await startSlackStandIn({ tokens: ['xoxb-right'] });
      const wrong = new WebClient('xoxb-wrong', {
        slackApiUrl: `${strict.url}/api/`,
        retryConfig: { retries: 0 },
      });

      // Act
      const call = wrong.auth.test();

      // Assess
      await expect(call).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
      await strict.close();
    });
  });

  describe('chat.postMessage', () => {
    it('stores the message with its blocks decoded from the form body', async () => {
      // Act
      const result = await client().chat.postMessage({
        channel: 'C0DEPLOYS',
        text: 'deploy started',
        blocks,
      });

      // Assess
      expect(result).toMatchObject({
        ok: true,
        channel: 'C0DEPLOYS',
        ts: expect.stringMatching(/^\d+\.\d{6}$/),
      });
      expect(slack.messages('C0DEPLOYS')).toEqual([
        expect.objectContaining({ ts: result.ts, text: 'deploy started', blocks, updates: 0 }),
      ]);
    });

    it('hands out strictly increasing timestamps', async () => {
      // Act
      const first = await client().chat.postMessage({ channel: 'C0DEPLOYS', text: 'one' });
      const second = await client().chat.postMessage({ channel: 'C0DEPLOYS', text: 'two' });

      // Assess
      expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    });

    it('answers with a channel id when posting to a #name', async () => {
      // Act
      const result = await client().chat.postMessage({ channel: '#deploys', text: 'hi' });

      // Assess
      expect(result.channel).toMatch(/^C[A-Z0-9]+$/);
      expect(slack.messages('#deploys')).toHaveLength(1);
    });

    it('records a thread reply with its parent ts and broadcast flag', async () => {
      // Prepare
      const parent = await client().chat.postMessage({ channel: 'C0DEPLOYS', text: 'card' });

      // Act
      await client().chat.postMessage({
        channel: 'C0DEPLOYS',
        text: 'approved by jane',
        thread_ts: String(parent.ts),
        reply_broadcast: true,
      });

      // Assess
      expect(slack.messages('C0DEPLOYS')[1]).toMatchObject({ thread_ts: parent.ts, reply_broadcast: true });
    });

    it('refuses a channel outside the allow-list with channel_not_found', async () => {
      // Prepare
      slack.addChannel('C0ALLOWED');

      // Act
      const call = client().chat.postMessage({ channel: 'C0OTHER', text: 'hi' });

      // Assess
      await expect(call).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    });

    it('also accepts a JSON body', async () => {
      // Act
      const response = await fetch(`${slack.url}/api/chat.postMessage`, {
        method: 'POST',
        headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ channel: 'C0DEPLOYS', text: 'json', blocks }),
      });

      // Assess
      expect(await response.json()).toMatchObject({ ok: true });
      expect(slack.messages('C0DEPLOYS')[0]).toMatchObject({ text: 'json', blocks });
    });
  });

  describe('chat.update', () => {
    it('replaces the text and keeps every version', async () => {
      // Prepare
      const posted = await client().chat.postMessage({ channel: 'C0DEPLOYS', text: 'v1' });

      // Act
      const result = await client().chat.update({ channel: 'C0DEPLOYS', ts: String(posted.ts), text: 'v2' });

      // Assess
      expect(result).toMatchObject({ ok: true, ts: posted.ts });
      expect(slack.messages('C0DEPLOYS')[0]).toMatchObject({
        text: 'v2',
        updates: 1,
        history: [{ text: 'v1' }, { text: 'v2' }],
      });
    });

    it('reports message_not_found for a ts that was never posted', async () => {
      // Act
      const call = client().chat.update({ channel: 'C0DEPLOYS', ts: '1700000000.000100', text: 'x' });

      // Assess
      await expect(call).rejects.toMatchObject({
        code: ErrorCode.PlatformError,
        data: { error: 'message_not_found' },
      });
    });

    it('needs the channel id, not the #name, like Slack', async () => {
      // Prepare
      const posted = await client().chat.postMessage({ channel: '#deploys', text: 'v1' });

      // Act
      const call = client().chat.update({ channel: '#deploys', ts: String(posted.ts), text: 'v2' });

      // Assess
      await expect(call).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    });
  });

  describe('chat.postEphemeral', () => {
    it('returns a message_ts and records the ephemeral message', async () => {
      // Act
      const result = await client().chat.postEphemeral({
        channel: 'C0DEPLOYS',
        user: 'U0JANE',
        text: 'not allowed',
      });

      // Assess
      expect(result.message_ts).toEqual(expect.any(String));
      expect(slack.ephemerals()).toEqual([expect.objectContaining({ user: 'U0JANE', text: 'not allowed' })]);
    });
  });

  describe('views.open', () => {
    it('returns the opened view with an id', async () => {
      // Prepare
      const view = {
        type: 'modal' as const,
        title: { type: 'plain_text' as const, text: 'Reject' },
        blocks: [],
      };

      // Act
      const result = await client().views.open({ trigger_id: '123.456.abc', view });

      // Assess
      expect(result.view).toMatchObject({ id: expect.stringMatching(/^V/), type: 'modal' });
      expect(slack.views()).toHaveLength(1);
    });
  });

  describe('users.info', () => {
    it('returns a registered user with the profile email', async () => {
      // Prepare
      slack.addUser({ id: 'U0JANE', name: 'jane', real_name: 'Jane Doe', email: 'jane@example.com' });

      // Act
      const result = await client().users.info({ user: 'U0JANE' });

      // Assess
      expect(result.user).toMatchObject({
        id: 'U0JANE',
        real_name: 'Jane Doe',
        profile: { email: 'jane@example.com' },
      });
    });

    it('reports user_not_found for an unknown user', async () => {
      // Act
      const call = client().users.info({ user: 'U0NOBODY' });

      // Assess
      await expect(call).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    });
  });

  describe('usergroups.users.list', () => {
    it('lists the members of a user group', async () => {
      // Prepare
      slack.addUserGroup('S0RELEASE', ['U0JANE', 'U0JOHN']);

      // Act
      const result = await client().usergroups.users.list({ usergroup: 'S0RELEASE' });

      // Assess
      expect(result.users).toEqual(['U0JANE', 'U0JOHN']);
    });

    it('reports no_such_subteam for an unknown group', async () => {
      // Act
      const call = client().usergroups.users.list({ usergroup: 'S0NONE' });

      // Assess
      await expect(call).rejects.toMatchObject({ data: { error: 'no_such_subteam' } });
    });
  });

  describe('faults and inspection', () => {
    it('answers an injected rate limit with 429 and Retry-After', async () => {
      // Prepare
      slack.injectFault('chat.postMessage', { status: 429, retryAfter: 7 });

      // Act
      const call = client('xoxb-test', { rejectRateLimitedCalls: true }).chat.postMessage({
        channel: 'C1',
        text: 'x',
      });

      // Assess
      await expect(call).rejects.toBeInstanceOf(WebAPIRateLimitedError);
      await expect(call).rejects.toMatchObject({ retryAfter: 7 });
    });

    it('answers an injected server error with HTTP 500', async () => {
      // Prepare
      slack.injectFault('chat.update', { status: 500 });

      // Act
      const call = client().chat.update({ channel: 'C1', ts: '1.000100', text: 'x' });

      // Assess
      await expect(call).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    });

    it('applies an injected platform error only as many times as asked', async () => {
      // Prepare
      slack.injectFault('chat.postMessage', { error: 'fatal_error' }, 1);

      // Act
      const first = await client()
        .chat.postMessage({ channel: 'C1', text: 'first' })
        .catch((error: unknown) => error);
      const second = await client().chat.postMessage({ channel: 'C1', text: 'second' });

      // Assess
      expect(first).toMatchObject({ data: { error: 'fatal_error' } });
      expect(second.ok).toBe(true);
    });

    it('records every call with its parsed arguments', async () => {
      // Prepare
      await client().chat.postMessage({ channel: 'C1', text: 'a', blocks });

      // Act
      const calls = slack.calls('chat.postMessage');

      // Assess
      expect(calls).toEqual([
        {
          method: 'chat.postMessage',
          args: expect.objectContaining({ blocks }),
          token: 'xoxb-test',
          at: expect.any(Number),
        },
      ]);
    });

    it('dumps the stored messages on GET /', async () => {
      // Prepare
      await client().chat.postMessage({ channel: 'C1', text: 'visible' });

      // Act
      const dump = (await (await fetch(`${slack.url}/`)).json()) as { messages: { text: string }[] };

      // Assess
      expect(dump.messages.map((m) => m.text)).toEqual(['visible']);
    });
  });
});
