import { createHash } from 'node:crypto';
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Retention } from '../../config/retention';
import type { ExecutionSummary } from '../../history/execution-summary';
import type { EventPage, HistoryEntry, HistoryStore, InvalidInput } from '../../history/history-store';
import { isTerminal } from '../../history/state-rank';
import { isConditionalCheckFailed, translateDynamoError } from './dynamodb-errors';
import {
  dayOf,
  errorPk,
  eventPageSk,
  executionIdOfPk,
  executionPk,
  expiresAt,
  FAILED_SHARDS,
  failedGsiPk,
  HISTORY_SK_PREFIX,
  INDEX,
  pipelineGsiPk,
  pipelineGsiSk,
  RUNNING_SHARDS,
  runningBucket,
  runningGsiPk,
  runningShardOf,
  SUMMARY_SK,
  shardOf,
} from './keys';
import { historyEntriesOf } from './records/history-items';
import { commonOf, packEntries } from './records/recorded-events';
import { summaryAttributes, summaryWithWindow } from './records/summary-item';

export interface DynamoHistoryStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  retention: Retention;
  now?: () => Date;
}

/**
 * The index keys of a summary. gsi1 (by pipeline) lists executions. gsi3 holds failed executions by day,
 * sharded by execution (see {@link FAILED_SHARDS}), whose key never moves once set. Running ones sit on gsi2 (keys only there, see
 * infra/table.yml), sharded by execution and bucketed by last news, so a save whose keys did not move
 * costs no index write at all.
 */
const indexKeys = (summary: ExecutionSummary) => {
  const failed = summary.state === 'FAILED';
  const running = !summary.state || !isTerminal(summary.state);
  const failedAt = summary.endTime ?? summary.lastEventAt;
  return {
    gsi1pk: pipelineGsiPk(summary.pipeline),
    gsi1sk: pipelineGsiSk(summary.startTime, summary.executionId),
    gsi2pk: running ? runningGsiPk(runningShardOf(summary.executionId)) : undefined,
    gsi2sk: running ? `${runningBucket(summary.lastEventAt)}#${summary.executionId}` : undefined,
    gsi3pk: failed ? failedGsiPk(dayOf(failedAt), shardOf(summary.executionId, FAILED_SHARDS)) : undefined,
    gsi3sk: failed ? `${failedAt}#${summary.executionId}` : undefined,
  };
};

/** {@link HistoryStore} on the pipegate table: single-item conditional writes only (no transactions). */
export const createDynamoHistoryStore = (options: DynamoHistoryStoreOptions): HistoryStore => {
  const { client, tableName, retention } = options;
  const now = options.now ?? (() => new Date());
  const ttl = (): number => expiresAt(now(), retention.historyDays);

  const send = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw translateDynamoError(error, operation);
    }
  };

  const getSummary = async (executionId: string): Promise<ExecutionSummary | undefined> => {
    const result = await send('GetItem', () =>
      client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: marshall({ pk: executionPk(executionId), sk: SUMMARY_SK }),
          ConsistentRead: true,
        }),
      ),
    );
    if (!result.Item) return undefined;
    return summaryWithWindow(unmarshall(result.Item));
  };

  return {
    getSummary,

    async putEventPage(page: EventPage) {
      // The page names once what its first event names (its entries leave it out, see recorded-events).
      const common = commonOf({ ...page.entries[0]?.event, executionId: page.executionId });
      await send('PutItem event page', () =>
        client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall(
              {
                pk: executionPk(page.executionId),
                sk: eventPageSk(page.index),
                kind: 'events',
                ...common,
                count: page.entries.length,
                events: packEntries(page.entries, common),
                expiresAt: ttl(),
              },
              { removeUndefinedValues: true },
            ),
          }),
        ),
      );
    },

    async saveSummary(summary: ExecutionSummary, expectedVersion: number | undefined) {
      const item = {
        pk: executionPk(summary.executionId),
        sk: SUMMARY_SK,
        kind: 'summary',
        version: summary.version,
        ...indexKeys(summary),
        ...summaryAttributes(summary),
        expiresAt: ttl(),
      };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall(item, { removeUndefinedValues: true }),
            ...(expectedVersion === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: 'version = :expected',
                  ExpressionAttributeValues: marshall({ ':expected': expectedVersion }),
                }),
          }),
        );
        return 'saved';
      } catch (error) {
        if (isConditionalCheckFailed(error)) return 'conflict';
        throw translateDynamoError(error, 'PutItem summary');
      }
    },

    async listPagedEvents(executionId) {
      const entries: HistoryEntry[] = [];
      let startKey: QueryCommandOutput['LastEvaluatedKey'];
      do {
        const result = await send('Query history', () =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
              ExpressionAttributeValues: marshall({
                ':pk': executionPk(executionId),
                ':history': HISTORY_SK_PREFIX,
              }),
              ConsistentRead: true,
              ExclusiveStartKey: startKey,
            }),
          ),
        );
        for (const item of (result.Items ?? []).map((stored) => unmarshall(stored))) {
          entries.push(...historyEntriesOf(item));
        }
        startKey = result.LastEvaluatedKey;
      } while (startKey);
      return entries;
    },

    async listIdle(before, limit) {
      // Only whole buckets before `before`: every entry there is idle; the current bucket waits one sweep.
      const below = runningBucket(before);
      const shards = await Promise.all(
        Array.from({ length: RUNNING_SHARDS }, (_, shard) =>
          send('Query idle executions', () =>
            client.send(
              new QueryCommand({
                TableName: tableName,
                IndexName: INDEX.byRunning,
                KeyConditionExpression: 'gsi2pk = :running AND gsi2sk < :below',
                ExpressionAttributeValues: marshall({ ':running': runningGsiPk(shard), ':below': below }),
                Limit: limit,
              }),
            ),
          ),
        ),
      );
      const stalest = shards
        .flatMap((result) => (result.Items ?? []).map((item) => unmarshall(item)))
        .sort((a, b) => String(a.gsi2sk).localeCompare(String(b.gsi2sk)))
        .slice(0, limit);
      // The index holds keys only (a summary copy there would be rewritten on every event).
      const summaries = await Promise.all(
        stalest.map((item) => getSummary(executionIdOfPk(String(item.pk)))),
      );
      return summaries.filter((summary): summary is ExecutionSummary => summary !== undefined);
    },

    async deferIdle(summary, newsAt) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall({ pk: executionPk(summary.executionId), sk: SUMMARY_SK }),
            // Only the index position moves (its partition, whatever it is, stays): the summary is unchanged.
            UpdateExpression: 'SET gsi2sk = :sk',
            ConditionExpression: 'version = :version AND attribute_exists(gsi2sk)',
            ExpressionAttributeValues: marshall({
              ':sk': `${runningBucket(newsAt)}#${summary.executionId}`,
              ':version': summary.version,
            }),
          }),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error)) return;
        throw translateDynamoError(error, 'UpdateItem defer idle');
      }
    },

    async recordInvalidInput(input: InvalidInput) {
      const digest = createHash('sha256').update(input.raw).digest('base64url').slice(0, 22);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall(
              {
                pk: errorPk(dayOf(input.receivedAt)),
                sk: digest,
                kind: 'invalid-input',
                ...input,
                expiresAt: ttl(),
              },
              { removeUndefinedValues: true },
            ),
            // A re-delivered bad input is recorded once per day.
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error)) return;
        throw translateDynamoError(error, 'PutItem invalid input');
      }
    },
  };
};
