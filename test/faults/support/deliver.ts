import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { seededRandom } from '../../../bench/support/seeded-random';
import { toSqsBatch } from '../../../local/simulator/eventbridge-delivery';

export type IngestHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

export interface Delivery {
  /** Envelopes still failing after every receive: what SQS moves to the DLQ. */
  dlq: Record<string, unknown>[];
  /** Records handed to the function, re-deliveries included. */
  received: number;
}

/** Fisher–Yates with the given random source (seeded, so a run can be repeated). */
export const shuffle = <T>(items: T[], random: () => number): T[] => {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
};

/**
 * Delivers envelopes the way EventBridge → SQS → Lambda does under trouble: `copies` times each, shuffled,
 * in batches of 10; records the function reports as failed (or whole batches when it throws) come back up
 * to `maxReceives` times, then go to the DLQ. `beforeReceive` lets a scenario change the world between
 * receives (restart DynamoDB, clear a fault) — the condition is the receive count, never the clock.
 */
export const deliverWithRetries = async (
  ingest: IngestHandler,
  envelopes: Record<string, unknown>[],
  options: {
    copies?: number;
    random?: () => number;
    maxReceives?: number;
    beforeReceive?: (receive: number) => Promise<void> | void;
  } = {},
): Promise<Delivery> => {
  const random = options.random ?? seededRandom(1);
  const copies = Array.from({ length: options.copies ?? 1 }, () => envelopes).flat();
  let pending: SQSRecord[] = toSqsBatch(shuffle(copies, random), {
    duplicateShare: 0,
    reorderShare: 0,
  }).Records;
  let received = 0;
  for (let receive = 1; receive <= (options.maxReceives ?? 6) && pending.length > 0; receive += 1) {
    await options.beforeReceive?.(receive);
    const failed: SQSRecord[] = [];
    for (let start = 0; start < pending.length; start += 10) {
      const batch = pending.slice(start, start + 10);
      received += batch.length;
      try {
        const response = (await ingest({ Records: batch }, {} as Context)) as SQSBatchResponse | undefined;
        const ids = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        failed.push(...batch.filter((record) => ids.has(record.messageId)));
      } catch {
        // The invocation failed as a whole (a crash, cold-start dependencies): SQS redelivers every record.
        failed.push(...batch);
      }
    }
    pending = failed;
  }
  return { dlq: pending.map((record) => JSON.parse(record.body) as Record<string, unknown>), received };
};
