import type { ChatPort } from '../delivery/chat-port';
import type { MailPort } from '../delivery/mail-port';
import type { OpsMetrics } from './ops-metrics';

/** Runs a send and counts it as a DeliveryFailure (by channel) when it throws; the error still propagates. */
const counted = async <T>(
  metrics: OpsMetrics,
  channel: 'slack' | 'sns',
  send: () => Promise<T>,
): Promise<T> => {
  try {
    return await send();
  } catch (error) {
    metrics.count('DeliveryFailure', { channel });
    throw error;
  }
};

/**
 * Wraps the chat port so every failed Slack post or update is counted (transient ones too: a burst of
 * 429s or timeouts is what the alarm is for). Lookups (users, groups) are not deliveries.
 */
export const countingChat = (chat: ChatPort, metrics: OpsMetrics): ChatPort => ({
  ...chat,
  postMessage: (message) => counted(metrics, 'slack', () => chat.postMessage(message)),
  updateMessage: (message, options) => counted(metrics, 'slack', () => chat.updateMessage(message, options)),
  postEphemeral: (message) => counted(metrics, 'slack', () => chat.postEphemeral(message)),
});

/** Wraps the mail port so every failed SNS publish is counted. */
export const countingMail = (mail: MailPort, metrics: OpsMetrics): MailPort => ({
  publish: (message) => counted(metrics, 'sns', () => mail.publish(message)),
});
