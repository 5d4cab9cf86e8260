import type { Actor } from '../audit/audit-entry';
import type { ChatPort } from '../notify/chat-port';

/**
 * Identifies a Slack user for policy and audit: by email when Slack has one (so the same person lines up
 * across Slack and email decisions), else by Slack user id.
 */
export const slackActor = async (chat: ChatPort, userId: string): Promise<Actor> => {
  const user = await chat.userInfo(userId);
  const email = user.email?.toLowerCase();
  return {
    id: email ?? `slack:${userId}`,
    name: user.realName || user.name,
    email,
    slackUserId: userId,
  };
};
