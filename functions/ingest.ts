import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { SQSBatchResponse } from 'aws-lambda';
import { createDynamoHistoryStore } from '../shared/adapters/dynamodb/history-store';
import { readRuntimeEnv } from '../shared/config/runtime-env';
import { createKeyedQueue } from '../shared/history/keyed-queue';
import { createSummaryCache } from '../shared/history/summary-cache';
import { ingestSqsBatch, isSqsBatch } from '../shared/ingest/ingest-batch';
import { type IngestDeps, type IngestResult, ingestEnvelope } from '../shared/ingest/ingest-envelope';
import { createLog, describeError } from '../shared/logging/log';

const log = createLog();
const dynamodb = new DynamoDBClient({});
// Per container: recent summaries skip a read; one execution's events in a batch apply in turn.
const cache = createSummaryCache();
const queue = createKeyedQueue();
let deps: IngestDeps | undefined;

// Built on first use, not at import: a misconfigured function then fails its invocation with a clear log line.
const dependencies = (): IngestDeps => {
  if (!deps) {
    const env = readRuntimeEnv();
    const now = () => new Date();
    const built: IngestDeps = {
      history: createDynamoHistoryStore({
        client: dynamodb,
        tableName: env.tableName,
        retention: env.retention,
        now,
      }),
      log,
      now,
      cache,
      queue,
    };
    deps = built;
  }
  return deps;
};

const ingest = async (event: unknown): Promise<SQSBatchResponse | IngestResult> => {
  try {
    if (isSqsBatch(event)) return await ingestSqsBatch(event, dependencies());
    return await ingestEnvelope(event, 'direct', dependencies());
  } catch (error) {
    log.error('ingest failed; the transport will retry', describeError(error));
    throw error;
  }
};

export const handler = middy(ingest);
