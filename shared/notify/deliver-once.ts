import { PipegateError } from '../errors';
import type { Log } from '../logging/log';
import type { NotificationStore } from './notification-store';

export interface DeliveryDeps {
  store: NotificationStore;
  log: Log;
  now: () => Date;
}

export type DeliveryResult = 'sent' | 'skipped' | 'failed';

/**
 * Sends one notification at most once per (execution, target, semantic key): a conditional claim first,
 * then the send, then the mark. Permanent refusals are marked and logged once (no retry storm);
 * transient ones release the claim and rethrow so the transport retries.
 * @example
 * await deliverOnce({ executionId, target: 'sns:oncall', key }, () => mail.publish(msg).then((r) => r.messageId), deps);
 */
export const deliverOnce = async (
  delivery: { executionId: string; target: string; key: string },
  send: () => Promise<string | undefined>,
  deps: DeliveryDeps,
): Promise<DeliveryResult> => {
  const { executionId, target, key } = delivery;
  if (!(await deps.store.claimDelivery(executionId, target, key, deps.now().toISOString()))) return 'skipped';
  try {
    const ref = await send();
    await deps.store.finishDelivery(executionId, target, key, { state: 'sent', ref });
    return 'sent';
  } catch (error) {
    if (error instanceof PipegateError && error.code === 'PERMANENT_DELIVERY') {
      deps.log.error('notification refused permanently; recorded, not retried', {
        executionId,
        target,
        key,
        errorMessage: error.message,
      });
      await deps.store.finishDelivery(executionId, target, key, { state: 'failed', error: error.message });
      return 'failed';
    }
    await deps.store.finishDelivery(executionId, target, key, { state: 'retry' });
    throw error;
  }
};
