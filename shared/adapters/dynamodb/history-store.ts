import { createHash } from 'node:crypto';
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Retention } from '../../config/retention';
import type { ExecutionSummary } from '../../history/execution-summary';
import type { HistoryEntry, HistoryStore, InvalidInput } from '../../history/history-store';
import { isTerminal } from '../../history/state-rank';
import { isConditionalCheckFailed, translateDynamoError } from './dynamodb-errors';
import {
  dayOf,
  errorPk,
  eventSk,
  executionPk,
  expiresAt,
  failedGsiPk,
  INDEX,
  pipelineGsiPk,
  pipelineGsiSk,
  RUNNING_GSI_PK,
  SUMMARY_SK,
} from './keys';

export interface DynamoHistoryStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  retention: Retention;
  now?: () => Date;
}

const SUMMARY_FIELDS = 'summary';

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

  return {
    async getSummary(executionId) {
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
      return JSON.parse(String(unmarshall(result.Item)[SUMMARY_FIELDS])) as ExecutionSummary;
    },

    async putEvent(entry: HistoryEntry) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall(
              {
                pk: executionPk(entry.event.executionId),
                sk: eventSk(entry.key),
                kind: 'event',
                time: entry.event.time,
                recordedAt: entry.recordedAt,
                level: entry.event.level,
                state: entry.event.state,
                event: JSON.stringify(entry.event),
                expiresAt: ttl(),
              },
              { removeUndefinedValues: true },
            ),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (isConditionalCheckFailed(error)) return 'exists';
        throw translateDynamoError(error, 'PutItem event');
      }
    },

    async saveSummary(summary: ExecutionSummary, expectedVersion: number | undefined) {
      const failed = summary.state === 'FAILED';
      const running = !summary.state || !isTerminal(summary.state);
      const item = {
        pk: executionPk(summary.executionId),
        sk: SUMMARY_SK,
        kind: 'summary',
        version: summary.version,
        gsi1pk: pipelineGsiPk(summary.pipeline),
        gsi1sk: pipelineGsiSk(summary.startTime, summary.executionId),
        // Sparse: failed executions by day (ops' failures query), unfinished ones by last news (the sweeper).
        gsi3pk: failed
          ? failedGsiPk(dayOf(summary.endTime ?? summary.lastEventAt))
          : running
            ? RUNNING_GSI_PK
            : undefined,
        gsi3sk: failed
          ? `${summary.endTime ?? summary.lastEventAt}#${summary.executionId}`
          : running
            ? `${summary.lastEventAt}#${summary.executionId}`
            : undefined,
        state: summary.state,
        pipeline: summary.pipeline,
        // One JSON string instead of a nested map: far cheaper to marshal, sign and store on every event.
        [SUMMARY_FIELDS]: JSON.stringify(summary),
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

    async getEvent(executionId, key) {
      const result = await send('GetItem event', () =>
        client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: marshall({ pk: executionPk(executionId), sk: eventSk(key) }),
            ConsistentRead: true,
          }),
        ),
      );
      if (!result.Item) return undefined;
      const item = unmarshall(result.Item);
      return {
        key,
        event: JSON.parse(item.event),
        recordedAt: item.recordedAt,
        reactedAt: item.reactedAt,
      } as HistoryEntry;
    },

    async markReacted(executionId, key, at) {
      await send('UpdateItem reacted', () =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall({ pk: executionPk(executionId), sk: eventSk(key) }),
            UpdateExpression: 'SET reactedAt = :at',
            ExpressionAttributeValues: marshall({ ':at': at }),
          }),
        ),
      );
    },

    async listIdle(before, limit) {
      const result = await send('Query idle executions', () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEX.byStatus,
            KeyConditionExpression: 'gsi3pk = :running AND gsi3sk < :before',
            ExpressionAttributeValues: marshall({ ':running': RUNNING_GSI_PK, ':before': before }),
            Limit: limit,
          }),
        ),
      );
      return (result.Items ?? []).map(
        (item) => JSON.parse(String(unmarshall(item)[SUMMARY_FIELDS])) as ExecutionSummary,
      );
    },

    async deferIdle(summary, newsAt) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall({ pk: executionPk(summary.executionId), sk: SUMMARY_SK }),
            // Only the index position moves (its partition, whatever it is, stays): the summary is unchanged.
            UpdateExpression: 'SET gsi3sk = :sk',
            ConditionExpression: 'version = :version AND attribute_exists(gsi3sk)',
            ExpressionAttributeValues: marshall({
              ':sk': `${newsAt}#${summary.executionId}`,
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
