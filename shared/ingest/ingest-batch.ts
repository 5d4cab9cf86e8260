import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError } from '../logging/log';
import { type IngestDeps, type IngestResult, ingestEnvelope } from './ingest-envelope';

/** The ingest function receives either an SQS batch (production) or a bare envelope (direct target, tests). */
export const isSqsBatch = (input: unknown): input is SQSEvent =>
  typeof input === 'object' && input !== null && Array.isArray((input as { Records?: unknown }).Records);

/**
 * Processes an SQS batch record by record. Bad input never fails a record (it is recorded instead); a
 * transient fault fails only its own record, which SQS redelivers (and parks in the DLQ after N receives).
 */
export const ingestSqsBatch = async (batch: SQSEvent, deps: IngestDeps): Promise<SQSBatchResponse> => {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord): Promise<IngestResult> => {
    try {
      return await ingestEnvelope(record.body, `sqs:${record.messageId}`, deps);
    } catch (error) {
      deps.log.warn('record failed; SQS will redeliver it', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        ...describeError(error),
      });
      throw error;
    }
  };
  // A fully failed batch is reported as failures rather than thrown, so it is retried record by record.
  const response = await processPartialResponse(batch, handleRecord, processor, {
    throwOnFullBatchFailure: false,
  });
  await deps.afterBatch?.();
  return response;
};
