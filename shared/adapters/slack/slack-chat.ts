import type { KnownBlock, View } from '@slack/types';
import { ErrorCode, WebClient } from '@slack/web-api';
import { isCardKey } from '../../delivery/card-key';
import type { ChatMessage, ChatPort, ChatUser } from '../../delivery/chat-port';
import { PipegateError } from '../../errors';
import { sleep } from '../../runtime/sleep';
import { DELIVERY_EVENT_TYPE, findPosted } from './find-posted';
import { createRateGate } from './rate-gate';
import { createShownMessages } from './shown-messages';
import { translateSlackError } from './slack-errors';

export interface SlackChatOptions {
  token: string;
  /** `SLACK_API_URL` for a local stand-in; Slack itself when undefined. */
  apiUrl?: string;
  /** Longest Retry-After (seconds) worth waiting for inside one invocation; longer → RATE_LIMITED. */
  maxRetryAfterSeconds?: number;
  /**
   * Longest total wait (seconds) of one priority chat.update across several Retry-Afters; defaults to
   * `maxRetryAfterSeconds`, which fits the 10 s functions. Ingest and the sweeper allow more.
   */
  maxPriorityWaitSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

/**
 * Creates the WebClient with no retries of its own: it would re-send a chat.postMessage whose answer timed
 * out although Slack had posted it (a duplicate message). The adapter retries what is safe to retry (see
 * `call`). Rate limits are rejected, not queued, so we decide whether waiting fits the invocation.
 */
export const createSlackWebClient = (options: { token: string; apiUrl?: string }): WebClient =>
  new WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 5_000,
  });

/** Retries of a call that is safe to repeat (reads, updates), after a timeout, a network error or a 5xx. */
const RETRY_DELAYS_MS = [100, 400];

/** A timeout, a network error or a 5xx: Slack may or may not have done the work. */
const isAmbiguous = (error: PipegateError): boolean => {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return code === ErrorCode.RequestError || code === ErrorCode.HTTPError;
};

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

const isRateLimited = (error: unknown): error is PipegateError =>
  error instanceof PipegateError && error.code === 'RATE_LIMITED';

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
  const maxPriorityWaitMs = (options.maxPriorityWaitSeconds ?? maxWait) * 1000;
  const waitFor = options.sleep ?? sleep;

  const now = options.now ?? (() => new Date());
  // chat.update is limited per workspace: what one 429 said holds for every update this process sends.
  const updates = createRateGate(() => now().getTime());
  // Which keyed messages (cards) this process changed when: a card shown lately gives way under pressure.
  const shown = createShownMessages();
  // Only cards are updated under the gate: other keyed posts (thread replies, reminders) would only crowd them out.
  const shownNow = (key: string | undefined) => {
    if (key && isCardKey(key)) shown.shown(key, now().getTime());
  };
  const sinceShown = (key: string | undefined) =>
    key === undefined ? undefined : shown.sinceShownMs(key, now().getTime());

  /**
   * One bounded wait on 429 when Slack's Retry-After fits the budget (Slack did nothing, so any call may be
   * repeated); a timeout, network error or 5xx is retried only for calls that are safe to repeat
   * (`repeatable`) — never chat.postMessage, which could post twice. Then fail to the transport. `wait` is
   * the longest Retry-After worth waiting for (negative: never wait).
   */
  const call = async <T>(
    method: string,
    run: () => Promise<T>,
    { repeatable = true, wait = maxWait }: { repeatable?: boolean; wait?: number } = {},
  ): Promise<T> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await run();
      } catch (error) {
        const translated = translateSlackError(error, method);
        const retryAfter = Number(translated.details.retryAfterSeconds);
        const delay =
          translated.code === 'RATE_LIMITED'
            ? retryAfter <= wait && attempt === 0
              ? retryAfter * 1000
              : undefined
            : repeatable && isAmbiguous(translated)
              ? RETRY_DELAYS_MS[attempt]
              : undefined;
        if (delay === undefined) throw translated;
        await waitFor(delay);
      }
    }
  };

  const asBlocks = (blocks: KnownBlock[] | undefined) => (blocks ? { blocks } : {});

  return {
    async postMessage(message: ChatMessage) {
      const thread = message.threadTs
        ? { thread_ts: message.threadTs, reply_broadcast: message.broadcast ?? false }
        : { reply_broadcast: undefined };
      const { deliveryKey } = message;
      const metadata = deliveryKey
        ? { metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: deliveryKey } } }
        : {};
      let result: Awaited<ReturnType<typeof client.chat.postMessage>>;
      try {
        result = await call(
          'chat.postMessage',
          () =>
            client.chat.postMessage({
              channel: message.channel,
              text: message.text,
              ...asBlocks(message.blocks),
              ...thread,
              ...metadata,
              unfurl_links: false,
            }),
          { repeatable: false },
        );
      } catch (error) {
        // The answer was lost, not necessarily the post: find it by its key before anyone posts it again.
        if (!(error instanceof PipegateError) || !deliveryKey || !isAmbiguous(error)) throw error;
        const where = { channel: message.channel, threadTs: message.threadTs, key: deliveryKey };
        const found = await findPosted(client, where, now()).catch(() => undefined);
        if (found) return found;
        throw error;
      }
      if (!result.channel || !result.ts) {
        throw new PipegateError('TRANSIENT', 'Slack chat.postMessage returned no channel/ts');
      }
      shownNow(deliveryKey);
      return { channel: result.channel, ts: result.ts };
    },
    async updateMessage(message, updateOptions = {}) {
      const send = () =>
        call(
          'chat.update',
          () =>
            client.chat.update({
              channel: message.channel,
              ts: message.ts,
              text: message.text,
              ...asBlocks(message.blocks),
            }),
          { wait: -1 },
        ).then(
          () => {
            updates.spent();
            shownNow(message.deliveryKey);
          },
          (error: unknown) => {
            if (isRateLimited(error)) updates.block(Number(error.details.retryAfterSeconds) || 1);
            throw error;
          },
        );
      if (updateOptions.waitOnRateLimit === false) {
        // Slack said to back off, a priority update waits for the next slot, or this card was shown lately
        // and the slots left belong to cards that waited longer: don't spend a call on a change the next one
        // carries anyway. Once it goes, it counts as taking a slot until Slack answers, so concurrent
        // updates cannot all pass on the same estimate and drain the priority reserve.
        if (updates.busy(sinceShown(message.deliveryKey))) {
          throw new PipegateError('RATE_LIMITED', 'Slack chat.update rate limited (backing off)', {
            details: { method: 'chat.update', retryAfterSeconds: Math.ceil(updates.blockedForMs() / 1000) },
          });
        }
        await updates.inFlight(send);
        return;
      }
      // A priority update goes at once unless Slack said to back off or other priority updates wait. Refused,
      // it waits its turn behind them (ordinary ones give way meanwhile), then for the next slot, across
      // several Retry-Afters, each at most maxWait, within one bounded total counted from its start; then it
      // fails to the transport.
      const startedAt = now().getTime();
      let refused: PipegateError | undefined;
      if (updates.blockedForMs() === 0 && !updates.priorityWaiting()) {
        try {
          await updates.inFlight(send);
          return;
        } catch (error) {
          if (!isRateLimited(error)) throw error;
          refused = error;
        }
      }
      const firstRefusal =
        refused ??
        new PipegateError('RATE_LIMITED', 'Slack chat.update rate limited (backing off)', {
          details: { method: 'chat.update', retryAfterSeconds: Math.ceil(updates.blockedForMs() / 1000) },
        });
      await updates.priority(async () => {
        let waited = 0;
        let error = firstRefusal;
        for (;;) {
          const ms = updates.msUntilSlot();
          const spent = Math.max(waited, now().getTime() - startedAt);
          if (ms > maxWait * 1000 || spent + ms > maxPriorityWaitMs) throw error;
          if (ms > 0) {
            await waitFor(ms);
            waited += ms;
          }
          try {
            await send();
            return;
          } catch (next) {
            if (!isRateLimited(next)) throw next;
            error = next;
          }
        }
      });
    },
    updatesBusy: (deliveryKey) => updates.busy(sinceShown(deliveryKey)),
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
