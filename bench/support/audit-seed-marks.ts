import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoNotificationStore } from '../../shared/adapters/dynamodb/notification-store';
import type { PipegateConfig } from '../../shared/config/pipegate-config';
import { DEFAULT_RETENTION } from '../../shared/config/retention';
import { deliverOnce } from '../../shared/delivery/deliver-once';
import { routeEvent } from '../../shared/delivery/routing';
import type { PipelineEvent } from '../../shared/events/pipeline-event';
import { semanticKey } from '../../shared/history/semantic-key';
import { silentLog } from '../../shared/logging/log';

const ENDED = new Set(['STOPPED', 'SUPERSEDED', 'CANCELED']);

/** The events the notify reaction answers in the card's thread (see shared/notify/notify-execution.ts). */
const repliesInThread = (event: PipelineEvent): boolean =>
  (event.state === 'FAILED' && (event.level === 'action' || event.level === 'pipeline')) ||
  (event.level === 'pipeline' && ENDED.has(event.state));

/**
 * Writes the notification marks production leaves in an execution's partition (`NOTIFY#…`), through the real
 * notification store: the Slack card per routed channel, one delivery mark per thread reply and per SNS
 * email, as routed by the config. Card re-renders only update the card item, so they are left out (no item
 * is added by them, and they would double the seeding time).
 */
export const createMarkWriter = (client: DynamoDBClient, tableName: string, config: PipegateConfig) => {
  const store = createDynamoNotificationStore({ client, tableName, retention: DEFAULT_RETENTION });
  const cards = new Set<string>();
  let marks = 0;

  const deliver = async (executionId: string, target: string, key: string, at: Date) => {
    const sent = await deliverOnce({ executionId, target, key }, async () => `${target}-ref`, {
      store,
      log: silentLog,
      now: () => at,
    });
    if (sent === 'sent') marks += 1;
  };

  return {
    /** The marks the notify reaction leaves for one newly recorded event. */
    async afterEvent(event: PipelineEvent): Promise<void> {
      const at = new Date(event.time);
      const routes = routeEvent(config, event);
      for (const { channel } of routes.slack) {
        const card = `${event.executionId}|${channel}`;
        if (!cards.has(card)) {
          cards.add(card);
          if (await store.claimCard(event.executionId, channel, at.toISOString(), event.time)) {
            await store.saveCardPosted(event.executionId, channel, {
              channelId: 'C0DEPLOYS',
              ts: `${Math.floor(at.getTime() / 1000)}.000100`,
              renderedVersion: 1,
              renderHash: 'seed',
            });
            marks += 1;
          }
        }
        if (repliesInThread(event))
          await deliver(event.executionId, `slack:${channel}`, semanticKey(event), at);
      }
      for (const topic of routes.sns)
        await deliver(event.executionId, `sns:${topic.name}`, semanticKey(event), at);
    },
    /** The approval request in Slack and one personal email per recipient (request-approval.ts). */
    async approvalRequested(executionId: string, approvalId: string, recipients: string[], at: Date) {
      await deliver(executionId, 'slack:#deploys', `approval#${approvalId}`, at);
      for (const recipient of recipients) {
        await deliver(executionId, `email:${recipient}`, `approval#${approvalId}`, at);
      }
    },
    /** The sweeper's one reminder before expiry (sweep-approvals.ts). */
    reminder: (executionId: string, approvalId: string, at: Date) =>
      deliver(executionId, 'reminder', approvalId, at),
    written: (): number => marks,
  };
};

export type MarkWriter = ReturnType<typeof createMarkWriter>;
