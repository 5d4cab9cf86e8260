import type { Context, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { toSqsBatch } from '../../local/simulator/eventbridge-delivery';
import type { IngestHandler } from '../../test/faults/support/deliver';
import { shuffle } from '../../test/faults/support/deliver';

export interface ConcurrentDelivery {
  /** Envelopes still failing after every receive: what SQS moves to the DLQ. */
  dlq: Record<string, unknown>[];
  /** Records handed to the function, re-deliveries included. */
  received: number;
  /** Invocations (batches), re-deliveries included. */
  batches: number;
  /** Records received again after failing, per receive (index 0 = second receive). */
  redelivered: number[];
}

/**
 * Delivers envelopes the way EventBridge → SQS → Lambda does at scale: `copies` times each, all shuffled
 * together (runs of many pipelines interleave), in batches of 10 handed to `containers` concurrently — each
 * container takes the next batch when it is free, like Lambda's pollers. Records reported as failed (or whole
 * batches when the invocation throws) come back in the next receive, which starts once every invocation of
 * this one has ended: SQS's visibility timeout (360 s) is longer than the function's (60 s). After
 * `maxReceives` they go to the DLQ. `beforeBatch` lets the caller change the world between invocations
 * (inject a fault, stop DynamoDB): the condition is the batch count, never the clock.
 */
export const deliverConcurrently = async (
  containers: readonly IngestHandler[],
  envelopes: Record<string, unknown>[],
  options: {
    copies: number;
    random: () => number;
    maxReceives: number;
    beforeBatch?: (batch: number, receive: number) => Promise<void> | void;
  },
): Promise<ConcurrentDelivery> => {
  const copies = Array.from({ length: options.copies }, () => envelopes).flat();
  let pending: SQSRecord[] = toSqsBatch(shuffle(copies, options.random), {
    duplicateShare: 0,
    reorderShare: 0,
  }).Records;
  let received = 0;
  let batches = 0;
  const redelivered: number[] = [];
  for (let receive = 1; receive <= options.maxReceives && pending.length > 0; receive += 1) {
    if (receive > 1) redelivered.push(pending.length);
    const queue: SQSRecord[][] = [];
    for (let start = 0; start < pending.length; start += 10) {
      queue.push(
        pending.slice(start, start + 10).map((record) => ({
          ...record,
          attributes: { ...record.attributes, ApproximateReceiveCount: String(receive) },
        })),
      );
    }
    const failed: SQSRecord[] = [];
    let next = 0;
    // One worker per container: a container runs one invocation at a time.
    await Promise.all(
      containers.map(async (ingest) => {
        while (next < queue.length) {
          const batch = queue[next] as SQSRecord[];
          next += 1;
          batches += 1;
          await options.beforeBatch?.(batches, receive);
          received += batch.length;
          try {
            const response = (await ingest({ Records: batch }, {} as Context)) as
              | SQSBatchResponse
              | undefined;
            const ids = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
            failed.push(...batch.filter((record) => ids.has(record.messageId)));
          } catch {
            // The invocation failed as a whole (cold-start dependencies, DynamoDB gone): every record comes back.
            failed.push(...batch);
          }
        }
      }),
    );
    pending = shuffle(failed, options.random);
  }
  return {
    dlq: pending.map((record) => JSON.parse(record.body) as Record<string, unknown>),
    received,
    batches,
    redelivered,
  };
};
