import type { WebClient } from '@slack/web-api';

/** The metadata event type pipegate tags its posts with, so a post whose answer was lost can be found. */
export const DELIVERY_EVENT_TYPE = 'pipegate_delivery';

/** How far back a lost post is looked for: the post was sent within this invocation, seconds ago. */
const LOOK_BACK_SECONDS = 120;

interface ListedMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

const carries = (message: ListedMessage, key: string): boolean =>
  message.metadata?.event_type === DELIVERY_EVENT_TYPE && message.metadata.event_payload?.key === key;

/**
 * Looks for a message pipegate posted with this delivery key: in the thread (conversations.replies) for a
 * reply, among the channel's newest messages (conversations.history) otherwise. Used only after an ambiguous
 * failure — a timeout or a 5xx, where Slack may have posted and the answer was lost — so a retry does not
 * post a second copy. Undefined when it is not there (then it was not posted and a retry is safe).
 * @example await findPosted(client, { channel: 'C1', key: 'card:e1:#deploys' }, new Date()); // { channel: 'C1', ts: '…' }
 */
export const findPosted = async (
  client: WebClient,
  where: { channel: string; threadTs?: string; key: string },
  now: Date,
): Promise<{ channel: string; ts: string } | undefined> => {
  const { channel, threadTs, key } = where;
  const result = threadTs
    ? await client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200 })
    : await client.conversations.history({
        channel,
        oldest: String(Math.floor(now.getTime() / 1000) - LOOK_BACK_SECONDS),
        include_all_metadata: true,
        limit: 100,
      });
  const messages = (result.messages ?? []) as ListedMessage[];
  const found = messages.find((message) => carries(message, key));
  return found?.ts ? { channel, ts: found.ts } : undefined;
};
