import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Retention } from '../../config/retention';
import type { CardMark, NotificationStore, PostedMark } from '../../delivery/notification-store';
import { conditionalWrite, isConditionalCheckFailed, translateDynamoError } from './dynamodb-errors';
import { executionPk, expiresAt, notifySk } from './keys';

export interface DynamoNotificationStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  retention: Retention;
  now?: () => Date;
}

const cardSk = (channel: string): string => notifySk('card', channel);

const toMark = (item: Record<string, unknown>): CardMark => ({
  channel: String(item.channel),
  channelId: item.channelId === undefined ? undefined : String(item.channelId),
  ts: item.ts === undefined ? undefined : String(item.ts),
  renderedVersion: Number(item.renderedVersion ?? 0),
  renderHash: item.renderHash === undefined ? undefined : String(item.renderHash),
  claimedAt: String(item.claimedAt),
  failedError: item.failedError === undefined ? undefined : String(item.failedError),
});

/** A card is posted once Slack gave it a channel id and a ts (both needed to update it). */
const isPosted = (mark: CardMark): mark is PostedMark => !!mark.ts && !!mark.channelId;

/** {@link NotificationStore} on the pipegate table. */
export const createDynamoNotificationStore = (options: DynamoNotificationStoreOptions): NotificationStore => {
  const { client, tableName, retention } = options;
  const now = options.now ?? (() => new Date());
  const ttl = (): number => expiresAt(now(), retention.historyDays);

  const update = (
    key: Record<string, string>,
    expression: string,
    values: Record<string, unknown>,
    condition?: string,
  ) =>
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall(key),
        UpdateExpression: expression,
        ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        ...(condition ? { ConditionExpression: condition } : {}),
      }),
    );

  return {
    async getCard(executionId, channel) {
      try {
        const result = await client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: marshall({ pk: executionPk(executionId), sk: cardSk(channel) }),
            ConsistentRead: true,
          }),
        );
        if (!result.Item) return undefined;
        return toMark(unmarshall(result.Item));
      } catch (error) {
        throw translateDynamoError(error, 'GetItem card');
      }
    },

    claimCard(executionId, channel, at, staleBefore) {
      return conditionalWrite('PutItem card claim', () =>
        client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              pk: executionPk(executionId),
              sk: cardSk(channel),
              kind: 'card',
              channel,
              renderedVersion: 0,
              claimedAt: at,
              expiresAt: ttl(),
            }),
            // A claim whose holder crashed before posting is taken over once it is stale.
            ConditionExpression:
              'attribute_not_exists(pk) OR (attribute_not_exists(ts) AND claimedAt < :stale)',
            ExpressionAttributeValues: marshall({ ':stale': staleBefore }),
          }),
        ),
      );
    },

    async saveCardPosted(executionId, channel, posted) {
      try {
        await update(
          { pk: executionPk(executionId), sk: cardSk(channel) },
          'SET channelId = :id, ts = :ts, renderedVersion = :v, renderHash = :h',
          {
            ':id': posted.channelId,
            ':ts': posted.ts,
            ':v': posted.renderedVersion,
            ':h': posted.renderHash,
          },
        );
      } catch (error) {
        throw translateDynamoError(error, 'UpdateItem card posted');
      }
    },

    async releaseCardClaim(executionId, channel) {
      await conditionalWrite('UpdateItem card release', () =>
        update(
          { pk: executionPk(executionId), sk: cardSk(channel) },
          'SET claimedAt = :released',
          { ':released': '1970-01-01T00:00:00.000Z' },
          'attribute_not_exists(ts)',
        ),
      );
    },

    async markCardFailed(executionId, channel, error) {
      try {
        await update({ pk: executionPk(executionId), sk: cardSk(channel) }, 'SET failedError = :e', {
          ':e': error,
        });
      } catch (failure) {
        throw translateDynamoError(failure, 'UpdateItem card failed');
      }
    },

    async claimCardRender(executionId, channel, version, renderHash) {
      try {
        const result = await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall({ pk: executionPk(executionId), sk: cardSk(channel) }),
            UpdateExpression: 'SET renderedVersion = :v, renderHash = :h',
            ConditionExpression: 'attribute_exists(ts) AND renderedVersion < :v AND renderHash <> :h',
            ExpressionAttributeValues: marshall({ ':v': version, ':h': renderHash }),
            ReturnValues: 'ALL_OLD',
          }),
        );
        const before = toMark(unmarshall(result.Attributes ?? {}));
        return isPosted(before) ? before : undefined;
      } catch (error) {
        if (isConditionalCheckFailed(error)) return undefined;
        throw translateDynamoError(error, 'UpdateItem card render');
      }
    },

    async releaseCardRender(executionId, channel, claimedVersion, back) {
      await conditionalWrite('UpdateItem card render release', () =>
        update(
          { pk: executionPk(executionId), sk: cardSk(channel) },
          'SET renderedVersion = :back, renderHash = :hash',
          { ':back': back.renderedVersion, ':hash': back.renderHash ?? '', ':claimed': claimedVersion },
          'renderedVersion = :claimed',
        ),
      );
    },

    claimDelivery(executionId, target, key, at) {
      return conditionalWrite('PutItem delivery claim', () =>
        client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              pk: executionPk(executionId),
              sk: notifySk(target, key),
              kind: 'delivery',
              target,
              state: 'sending',
              claimedAt: at,
              expiresAt: ttl(),
            }),
            // A delivery that failed transiently was released for retry.
            ConditionExpression: 'attribute_not_exists(pk) OR #state = :retry',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: marshall({ ':retry': 'retry' }),
          }),
        ),
      );
    },

    async getDelivery(executionId, target, key) {
      try {
        const result = await client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: marshall({ pk: executionPk(executionId), sk: notifySk(target, key) }),
            ConsistentRead: true,
          }),
        );
        if (!result.Item) return undefined;
        const item = unmarshall(result.Item);
        return { state: item.state, claimedAt: String(item.claimedAt) };
      } catch (error) {
        throw translateDynamoError(error, 'GetItem delivery');
      }
    },

    async finishDelivery(executionId, target, key, result) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall({ pk: executionPk(executionId), sk: notifySk(target, key) }),
            UpdateExpression: 'SET #state = :state, #ref = :ref, #error = :error, finishedAt = :at',
            ExpressionAttributeNames: { '#state': 'state', '#ref': 'ref', '#error': 'error' },
            ExpressionAttributeValues: marshall({
              ':state': result.state,
              ':ref': result.ref ?? null,
              ':error': result.error ?? null,
              ':at': now().toISOString(),
            }),
          }),
        );
      } catch (error) {
        throw translateDynamoError(error, 'UpdateItem delivery');
      }
    },
  };
};
