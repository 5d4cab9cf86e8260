import middy from '@middy/core';
import type { SQSBatchResponse } from 'aws-lambda';
import { createAwsClients } from '../shared/adapters/aws-clients';
import { createEmfMetrics } from '../shared/adapters/cloudwatch/emf-metrics';
import { createKeyedQueue } from '../shared/history/keyed-queue';
import { createSummaryCache } from '../shared/history/summary-cache';
import { ingestSqsBatch, isSqsBatch } from '../shared/ingest/ingest-batch';
import { type IngestResult, ingestEnvelope } from '../shared/ingest/ingest-envelope';
import { createLog, describeError } from '../shared/logging/log';
import { once } from '../shared/runtime/once';
import { createService } from '../shared/runtime/service';

const log = createLog();
const metrics = createEmfMetrics();
const clients = createAwsClients();
// Per container: recent summaries skip a read; one execution's events in a batch apply in turn.
const cache = createSummaryCache();
const queue = createKeyedQueue();
const dependencies = once(async () => ({
  ...(await createService(clients, log, process.env, metrics)).ingest,
  cache,
  queue,
}));

const ingest = async (event: unknown): Promise<SQSBatchResponse | IngestResult> => {
  try {
    if (isSqsBatch(event)) return await ingestSqsBatch(event, await dependencies());
    return await ingestEnvelope(event, 'direct', await dependencies());
  } catch (error) {
    log.error('ingest failed; the transport will retry', describeError(error));
    throw error;
  }
};

export const handler = middy(ingest);
