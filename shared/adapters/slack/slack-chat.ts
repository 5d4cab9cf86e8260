import type { KnownBlock, View } from '@slack/types';
import { WebClient } from '@slack/web-api';
import { PipegateError } from '../../errors';
import type { ChatMessage, ChatPort, ChatUser } from '../../notify/chat-port';
import { translateSlackError } from './slack-errors';

export interface SlackChatOptions {
  token: string;
  /** `SLACK_API_URL` for a local stand-in; Slack itself when undefined. */
  apiUrl?: string;
  /** Longest Retry-After (seconds) worth waiting for inside one invocation; longer → RATE_LIMITED. */
  maxRetryAfterSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Creates the WebClient with retries bounded to fit a Lambda invocation: the library's default policy
 * waits about 30 minutes. Rate limits are rejected, not queued, so we decide whether waiting fits.
 */
export const createSlackWebClient = (options: { token: string; apiUrl?: string }): WebClient =>
  new WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 100, maxTimeout: 1_000 },
    rejectRateLimitedCalls: true,
    timeout: 5_000,
  });

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface SlackUserFields {
  id?: string;
  name?: string;
  real_name?: string;
  profile?: { real_name?: string; email?: string };
}

const toChatUser = (user: SlackUserFields): ChatUser => ({
  id: user.id ?? '',
  name: user.name ?? user.id ?? '',
  realName: user.profile?.real_name ?? user.real_name,
  email: user.profile?.email,
});

/** "No such user" is an answer, not a delivery failure: NOT_FOUND, so callers can refuse cleanly. */
const notFoundAs = (error: unknown, slackError: string, message: string): PipegateError =>
  error instanceof PipegateError && error.details.slackError === slackError
    ? new PipegateError('NOT_FOUND', message, { cause: error, details: { slackError } })
    : error instanceof PipegateError
      ? error
      : new PipegateError('TRANSIENT', 'Slack call failed', { cause: error });

/** {@link ChatPort} on the Slack Web API. */
export const createSlackChat = (
  client: WebClient,
  options: Omit<SlackChatOptions, 'token' | 'apiUrl'> = {},
): ChatPort => {
  const maxWait = options.maxRetryAfterSeconds ?? 3;
  const sleep = options.sleep ?? sleepFor;

  /** One bounded wait on 429 when Slack's Retry-After fits the budget, then fail to the transport. */
  const call = async <T>(method: string, run: () => Promise<T>, wait = maxWait): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const translated = translateSlackError(error, method);
      const retryAfter = Number(translated.details.retryAfterSeconds);
      if (translated.code !== 'RATE_LIMITED' || !(retryAfter <= wait)) throw translated;
      await sleep(retryAfter * 1000);
      try {
        return await run();
      } catch (again) {
        throw translateSlackError(again, method);
      }
    }
  };

  const asBlocks = (blocks: KnownBlock[] | undefined) => (blocks ? { blocks } : {});

  return {
    async postMessage(message: ChatMessage) {
      const thread = message.threadTs
        ? { thread_ts: message.threadTs, reply_broadcast: message.broadcast ?? false }
        : { reply_broadcast: undefined };
      const result = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel: message.channel,
          text: message.text,
          ...asBlocks(message.blocks),
          ...thread,
          unfurl_links: false,
        }),
      );
      if (!result.channel || !result.ts) {
        throw new PipegateError('TRANSIENT', 'Slack chat.postMessage returned no channel/ts');
      }
      return { channel: result.channel, ts: result.ts };
    },
    async updateMessage(message, updateOptions = {}) {
      await call(
        'chat.update',
        () =>
          client.chat.update({
            channel: message.channel,
            ts: message.ts,
            text: message.text,
            ...asBlocks(message.blocks),
          }),
        updateOptions.waitOnRateLimit === false ? -1 : maxWait,
      );
    },
    async postEphemeral(message) {
      await call('chat.postEphemeral', () =>
        client.chat.postEphemeral({
          channel: message.channel,
          user: message.user,
          text: message.text,
          ...asBlocks(message.blocks),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        }),
      );
    },
    async openView(triggerId: string, view: View) {
      await call('views.open', () => client.views.open({ trigger_id: triggerId, view }));
    },
    async userInfo(userId: string): Promise<ChatUser> {
      const result = await call('users.info', () => client.users.info({ user: userId })).catch(
        (error: unknown) => {
          throw notFoundAs(error, 'user_not_found', `Slack user ${userId} not found`);
        },
      );
      const user = result.user;
      if (!user?.id) throw new PipegateError('NOT_FOUND', `Slack user ${userId} not found`);
      return toChatUser(user);
    },
    async userByEmail(email: string): Promise<ChatUser | undefined> {
      try {
        const result = await call('users.lookupByEmail', () => client.users.lookupByEmail({ email }));
        return result.user?.id ? toChatUser(result.user) : undefined;
      } catch (error) {
        if (notFoundAs(error, 'users_not_found', '').code === 'NOT_FOUND') return undefined;
        throw error;
      }
    },
    async userGroupMembers(groupId: string) {
      const result = await call('usergroups.users.list', () =>
        client.usergroups.users.list({ usergroup: groupId }),
      );
      return result.users ?? [];
    },
  };
};
