import type { KnownBlock, View } from '@slack/types';

export interface ChatMessage {
  channel: string;
  text: string;
  blocks?: KnownBlock[];
  threadTs?: string;
  /** Also show a thread reply in the channel. */
  broadcast?: boolean;
  /**
   * Names this post uniquely (e.g. the card of an execution in a channel). When a post fails ambiguously
   * (a timeout: Slack may have posted), the adapter looks for a message carrying the key before failing,
   * so a retry never posts a second copy.
   */
  deliveryKey?: string;
}

export interface ChatUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
}

/**
 * Port: the chat service (Slack). Adapters translate failures into PipegateError codes:
 * PERMANENT_DELIVERY (channel gone, bot not in channel, bad token), RATE_LIMITED, TRANSIENT.
 */
export interface ChatPort {
  /** Posts a message; returns the channel id and ts Slack assigned. */
  postMessage(message: ChatMessage): Promise<{ channel: string; ts: string }>;
  /**
   * Updates a posted message. `waitOnRateLimit: false` fails with RATE_LIMITED at once instead of waiting
   * out a short Retry-After: for an update the next change will carry anyway, waiting only holds the batch.
   * The message's `deliveryKey` (the card's name) lets the adapter tell how long ago it last changed it.
   */
  updateMessage(
    message: ChatMessage & { ts: string },
    options?: { waitOnRateLimit?: boolean },
  ): Promise<void>;
  /**
   * True while Slack asked this process to back off chat.update, or a priority update waits for the next
   * slot: an ordinary card update now would be dropped. Given the card's `deliveryKey`, also true when
   * this process changed that card lately and the few slots left belong to cards that waited longer.
   * Optional (a chat that cannot tell says nothing).
   */
  updatesBusy?(deliveryKey?: string): boolean;
  postEphemeral(message: ChatMessage & { user: string }): Promise<void>;
  openView(triggerId: string, view: View): Promise<void>;
  /** The user behind a verified Slack user id; NOT_FOUND when the workspace does not know them. */
  userInfo(userId: string): Promise<ChatUser>;
  /**
   * The Slack user registered with this email (users.lookupByEmail), undefined when there is none: how a
   * commit author's email is tied to the person who clicks in Slack.
   */
  userByEmail(email: string): Promise<ChatUser | undefined>;
  userGroupMembers(groupId: string): Promise<string[]>;
}
