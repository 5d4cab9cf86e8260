import type { Actor } from '../audit/audit-entry';
import type { ChatPort } from '../delivery/chat-port';
import { PipegateError } from '../errors';

/**
 * Identifies a Slack user for policy and audit: by email when Slack has one (so the same person lines up
 * across Slack and email decisions), else by Slack user id. The id itself is verified (it came in a request
 * Slack signed); a user the workspace does not know (removed, or from another organisation) keeps only that
 * id, so the policy refuses them on the record instead of the request failing.
 */
export const slackActor = async (chat: ChatPort, userId: string): Promise<Actor> => {
  try {
    const user = await chat.userInfo(userId);
    const email = user.email?.toLowerCase();
    return {
      id: email ?? `slack:${userId}`,
      name: user.realName || user.name,
      email,
      slackUserId: userId,
    };
  } catch (error) {
    if (error instanceof PipegateError && error.code === 'NOT_FOUND') {
      return { id: `slack:${userId}`, slackUserId: userId };
    }
    throw error;
  }
};
