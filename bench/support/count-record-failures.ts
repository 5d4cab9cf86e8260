import type { SQSBatchResponse } from 'aws-lambda';
import type { deliverLikeSqs } from '../../local/simulator/sqs-redelivery';

type Ingest = Parameters<typeof deliverLikeSqs>[0];

/**
 * Wraps the ingest handler to count the records it reports as failed (SQS would redeliver them); a record
 * failing five times would be parked in the DLQ.
 * @example
 * const ingest = countingFailures(handler);
 * await deliverLikeSqs(ingest.handler, batch);
 * ingest.totals(); // { recordFailures: 0, recordsFailedFiveTimes: 0 }
 */
export const countingFailures = (ingest: Ingest) => {
  const failures = new Map<string, number>();
  const handler: Ingest = async (event, context) => {
    const response = (await ingest(event, context)) as SQSBatchResponse | undefined;
    for (const failure of response?.batchItemFailures ?? [])
      failures.set(failure.itemIdentifier, (failures.get(failure.itemIdentifier) ?? 0) + 1);
    return response;
  };
  const totals = () => ({
    recordFailures: [...failures.values()].reduce((sum, n) => sum + n, 0),
    recordsFailedFiveTimes: [...failures.values()].filter((n) => n >= 5).length,
  });
  return { handler, totals };
};
