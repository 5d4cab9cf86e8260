import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

/** How messy delivery is: EventBridge is at-least-once and unordered. */
export interface DeliveryChaos {
  /** Share of envelopes delivered a second time (half with the same id, half with a new one). */
  duplicateShare: number;
  /** Share of batches whose order is reversed. */
  reorderShare: number;
  random?: () => number;
}

export const DEFAULT_CHAOS: DeliveryChaos = { duplicateShare: 0.2, reorderShare: 0.3 };

const sqsRecord = (envelope: Record<string, unknown>): SQSRecord => {
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body: JSON.stringify(envelope),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: now,
      SenderId: 'AIDAEVENTBRIDGE',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:pipegate-local-ingest',
    awsRegion: 'eu-west-1',
  };
};

/**
 * Wraps envelopes into an SQS batch as the EventBridge → SQS → Lambda path would, adding re-deliveries
 * and reordering according to `chaos`.
 */
export const toSqsBatch = (
  envelopes: Record<string, unknown>[],
  chaos: DeliveryChaos = DEFAULT_CHAOS,
): SQSEvent => {
  const random = chaos.random ?? Math.random;
  const delivered: Record<string, unknown>[] = [];
  for (const envelope of envelopes) {
    delivered.push(envelope);
    if (random() < chaos.duplicateShare) {
      delivered.push(random() < 0.5 ? envelope : { ...envelope, id: randomUUID() });
    }
  }
  if (random() < chaos.reorderShare) delivered.reverse();
  return { Records: delivered.map(sqsRecord) };
};
