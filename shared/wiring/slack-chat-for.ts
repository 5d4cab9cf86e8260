import { createSlackChat, createSlackWebClient, type SlackChatOptions } from '../adapters/slack/slack-chat';
import type { ChatPort } from '../delivery/chat-port';
import { rebuildOnChange } from '../runtime/rebuild-on-change';

/**
 * A chat port per bot token: the same WebClient while the token stays the same, a new one once it rotated.
 * Undefined without a token (Slack not configured: notifications go by email only).
 * `options` tune the rate-limit waits to the function's timeout.
 * @example const chatFor = createChatForToken(); const chat = chatFor(secrets.slackBotToken, env.slackApiUrl);
 */
export const createChatForToken = (
  options: Pick<SlackChatOptions, 'maxPriorityWaitSeconds'> = {},
): ((token: string | undefined, apiUrl?: string) => ChatPort | undefined) =>
  rebuildOnChange((token: string | undefined, apiUrl?: string) =>
    token ? createSlackChat(createSlackWebClient({ token, apiUrl }), options) : undefined,
  );
