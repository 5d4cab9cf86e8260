import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { sleep } from '../../shared/runtime/sleep';

type IngestHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

/**
 * Delivers a batch to the ingest handler and redelivers the records it reports as failed, the way SQS does
 * after the visibility timeout (here: shortly, a few times).
 */
export const deliverLikeSqs = async (
  ingest: IngestHandler,
  batch: SQSEvent,
  attempts = 5,
  /** Pause before the n-th redelivery: n × this (SQS waits out the visibility timeout; here much shorter). */
  backoffMs = 100,
): Promise<void> => {
  let pending = batch;
  for (let attempt = 1; attempt <= attempts && pending.Records.length > 0; attempt += 1) {
    const response = (await ingest(pending, {} as Context)) as SQSBatchResponse | undefined;
    const failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    pending = { Records: pending.Records.filter((record) => failed.has(record.messageId)) };
    if (pending.Records.length > 0) await sleep(backoffMs * attempt);
  }
  if (pending.Records.length > 0) console.warn(`${pending.Records.length} record(s) would now go to the DLQ`);
};
