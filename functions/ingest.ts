import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse } from 'aws-lambda';
import {
  createCodePipelineClient,
  createDynamoDbClient,
  createSnsClient,
} from '../shared/adapters/aws-clients';
import { createEmfMetrics } from '../shared/adapters/cloudwatch/emf-metrics';
import { createSsmParameterSource } from '../shared/adapters/ssm/ssm-parameters';
import { createKeyedQueue } from '../shared/history/keyed-queue';
import { createSummaryCache } from '../shared/history/summary-cache';
import { ingestSqsBatch, isSqsBatch } from '../shared/ingest/ingest-batch';
import { type IngestResult, ingestEnvelope } from '../shared/ingest/ingest-envelope';
import { createLog, describeError } from '../shared/logging/log';
import { createIngestWiring } from '../shared/wiring/ingest-wiring';

const log = createLog();
const wiring = createIngestWiring({
  dynamodb: createDynamoDbClient(),
  sns: createSnsClient(),
  codepipeline: createCodePipelineClient(),
  parameters: createSsmParameterSource(),
  log,
  metrics: createEmfMetrics(),
});
// Per container: recent summaries skip a read; one execution's events in a batch apply in turn.
const cache = createSummaryCache();
const queue = createKeyedQueue();
const dependencies = async () => ({ ...(await wiring()), cache, queue });

const ingest = async (event: unknown): Promise<SQSBatchResponse | IngestResult> => {
  try {
    if (isSqsBatch(event)) return await ingestSqsBatch(event, await dependencies());
    return await ingestEnvelope(event, 'direct', await dependencies());
  } catch (error) {
    log.error('ingest failed; the transport will retry', describeError(error));
    throw error;
  }
};

export const handler = middy(ingest).use(injectLambdaContext(log.logger));
