import { PipegateError } from '../errors';
import type { HeldWrites } from '../history/held-writes';
import type { Log } from '../logging/log';
import type { NotificationStore } from './notification-store';

export interface DeliveryDeps {
  store: NotificationStore;
  log: Log;
  now: () => Date;
}

export type DeliveryResult = 'sent' | 'skipped' | 'failed';

/**
 * A `sending` mark younger than this may belong to a delivery still running elsewhere (a copy of the same
 * event in another batch or container): longer than ingest's 60 s timeout, shorter than SQS's 360 s
 * visibility timeout, so the redelivery after a crash finds it settled or stale.
 */
const IN_FLIGHT_MS = 90_000;

/**
 * The claim is held by someone else. Settled (`sent`, `failed`): nothing to do. Still `sending` and young:
 * another delivery is at it and may yet fail — retry later rather than let this copy mark the event as
 * reacted (which lost the notification when the other then failed). `sending` and old: sent with its mark
 * held (ingest's summary save proved it, see {@link HeldWrites}), or a crash between send and mark; left as
 * it is, never re-sent.
 */
const whenClaimedElsewhere = async (
  delivery: { executionId: string; target: string; key: string },
  deps: DeliveryDeps,
): Promise<DeliveryResult> => {
  const mark = await deps.store.getDelivery(delivery.executionId, delivery.target, delivery.key);
  if (!mark || mark.state === 'sent' || mark.state === 'failed') return 'skipped';
  const age = deps.now().getTime() - Date.parse(mark.claimedAt);
  if (mark.state === 'retry' || age < IN_FLIGHT_MS) {
    throw new PipegateError('TRANSIENT', 'the same notification is being delivered elsewhere; retry later', {
      details: delivery,
    });
  }
  deps.log.warn(
    'notification left as sending (sent, or a crash before its mark): not re-sent (at most once)',
    delivery,
  );
  return 'skipped';
};

/**
 * The key a post carries to Slack (ChatMessage.deliveryKey) so a post whose answer was lost is found, not
 * re-sent: the same (execution, target, semantic key) that makes the delivery at-most-once here.
 */
export const deliveryKeyOf = (delivery: { executionId: string; target: string; key: string }): string =>
  `${delivery.executionId}/${delivery.target}/${delivery.key}`;

/**
 * Sends one notification at most once per (execution, target, semantic key): a conditional claim first,
 * then the send, then the mark. Permanent refusals are marked and logged once (no retry storm);
 * transient ones release the claim and rethrow so the transport retries.
 *
 * With `held` (ingest's execution notifications, whose summary save after the reactions proves them
 * finished) the `sent` mark is held there instead of written: the claim's `sending` mark stays, and is
 * written `sent` only if the event fails before its summary is saved. A second run of the same event's
 * reactions (after a lost version race) finds its own send in `held` and skips it without a claim.
 * @example
 * await deliverOnce({ executionId, target: 'sns:oncall', key }, () => mail.publish(msg).then((r) => r.messageId), deps);
 */
export const deliverOnce = async (
  delivery: { executionId: string; target: string; key: string },
  send: () => Promise<string | undefined>,
  deps: DeliveryDeps,
  held?: HeldWrites,
): Promise<DeliveryResult> => {
  const { executionId, target, key } = delivery;
  const id = deliveryKeyOf(delivery);
  if (held?.has(id)) return 'skipped';
  if (!(await deps.store.claimDelivery(executionId, target, key, deps.now().toISOString()))) {
    return whenClaimedElsewhere(delivery, deps);
  }
  let ref: string | undefined;
  try {
    ref = await send();
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
  // Outside the try: the message is out, so a failure to mark it must never release the claim for a resend
  // (it did, under DynamoDB throttling: a duplicate). The mark stays `sending` and the error goes to the
  // transport; the redelivery finds the stale mark and leaves it.
  const markSent = () => deps.store.finishDelivery(executionId, target, key, { state: 'sent', ref });
  if (held) held.hold(id, markSent);
  else await markSent();
  return 'sent';
};
