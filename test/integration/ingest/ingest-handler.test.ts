import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { createDynamoHistoryStore } from '../../../shared/adapters/dynamodb/history-store';
import { DEFAULT_RETENTION } from '../../../shared/config/retention';
import { ingestSqsBatch } from '../../../shared/ingest/ingest-batch';
import { silentLog } from '../../../shared/logging/log';
import { loadFixture } from '../../support/fixtures';
import { itemsUnder } from '../support/table-items';
import { createTestTable, dynamoClient } from '../support/test-table';

const client = dynamoClient();
const context = {} as Context;
// The ingest function with no notification routes: this file is about recording, not notifying.
process.env.PIPEGATE_CONFIG = join(__dirname, '..', '..', 'fixtures', 'config', 'valid', 'minimal.yaml');

const sqsBatch = (bodies: string[]): SQSEvent => {
  const template = (loadFixture('sqs/batch-two-envelopes.json').Records as SQSEvent['Records'])[0];
  if (!template) throw new Error('fixture missing');
  return { Records: bodies.map((body, index) => ({ ...template, messageId: `m-${index}`, body })) };
};

describe('the ingest function', () => {
  it('records every envelope of an SQS batch and reports no failures', async () => {
    // Prepare
    process.env.PIPEGATE_TABLE = await createTestTable(client);
    const { handler } = await import('../../../functions/ingest');
    const batch = loadFixture('sqs/batch-two-envelopes.json') as unknown as SQSEvent;

    // Act
    const response = await handler(batch, context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const first = JSON.parse(batch.Records[0]?.body ?? '{}') as { detail: Record<string, string> };
    const items = await itemsUnder(
      client,
      process.env.PIPEGATE_TABLE,
      `EXEC#${first.detail['execution-id']}`,
    );
    expect(items.some((item) => item.kind === 'summary')).toBe(true);
  });

  it('accepts a bare EventBridge envelope (direct target, invoke local)', async () => {
    // Prepare
    process.env.PIPEGATE_TABLE ??= await createTestTable(client);
    const { handler } = await import('../../../functions/ingest');
    const envelope = loadFixture('codepipeline/stage-started.json');

    // Act
    const result = await handler(envelope, context);

    // Assess
    expect(result).toMatchObject({ outcome: expect.stringMatching(/^(new|duplicate)$/) });
  });

  it('reports a record as a batch item failure when DynamoDB is unreachable, and bad input as processed', async () => {
    // Prepare
    const unreachable = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const history = createDynamoHistoryStore({
      client: unreachable,
      tableName: 't',
      retention: DEFAULT_RETENTION,
    });
    const good = JSON.stringify(loadFixture('codepipeline/pipeline-started-git.json'));
    const batch = sqsBatch([good, '{"not": "an event"']);
    const failingHistory = {
      ...history,
      // The bad record is still recorded; make only that write succeed to isolate the good record's fault.
      recordInvalidInput: async () => {},
    };

    // Act
    const response = await ingestSqsBatch(batch, {
      history: failingHistory,
      log: silentLog,
      now: () => new Date(),
    });

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
  });
});
