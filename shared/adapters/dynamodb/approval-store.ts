import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ApprovalRecord } from '../../approvals/approval-record';
import type { ApprovalStore } from '../../approvals/approval-store';
import type { Retention } from '../../config/retention';
import { conditionalWrite, translateDynamoError } from './dynamodb-errors';
import {
  approvalSk,
  executionPk,
  expiresAt,
  INDEX,
  linkNoncePk,
  linkNonceSk,
  PENDING_GSI_PK,
  pendingGsiSk,
} from './keys';
import { storedApprovalRecordSchema } from './records/approval-record-schema';
import { decodeStored } from './records/decode-stored';

export interface DynamoApprovalStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  retention: Retention;
  now?: () => Date;
}

const toRecord = (item: Record<string, AttributeValue>): ApprovalRecord =>
  decodeStored(unmarshall(item), 'record', storedApprovalRecordSchema);

/** {@link ApprovalStore} on the pipegate table; pending approvals sit in the sparse PENDING index. */
export const createDynamoApprovalStore = (options: DynamoApprovalStoreOptions): ApprovalStore => {
  const { client, tableName, retention } = options;
  const now = options.now ?? (() => new Date());

  const item = (record: ApprovalRecord) =>
    marshall(
      {
        pk: executionPk(record.executionId),
        sk: approvalSk(record.approvalId),
        kind: 'approval',
        status: record.status,
        version: record.version,
        gsi3pk: record.status === 'pending' ? PENDING_GSI_PK : undefined,
        gsi3sk: record.status === 'pending' ? pendingGsiSk(record.expiresAt, record.approvalId) : undefined,
        record: JSON.stringify(record),
        expiresAt: expiresAt(now(), retention.auditDays),
      },
      { removeUndefinedValues: true },
    );

  return {
    async get(executionId, approvalId) {
      try {
        const result = await client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: marshall({ pk: executionPk(executionId), sk: approvalSk(approvalId) }),
            ConsistentRead: true,
          }),
        );
        return result.Item ? toRecord(result.Item) : undefined;
      } catch (error) {
        throw translateDynamoError(error, 'GetItem approval');
      }
    },

    async listForExecution(executionId) {
      try {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: marshall({
              ':pk': executionPk(executionId),
              ':prefix': approvalSk(''),
            }),
            ConsistentRead: true,
          }),
        );
        return (result.Items ?? []).map(toRecord);
      } catch (error) {
        throw translateDynamoError(error, 'Query approvals');
      }
    },

    async listPending(until, limit) {
      try {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEX.byStatus,
            KeyConditionExpression: 'gsi3pk = :pending AND gsi3sk <= :until',
            // '~' sorts after every id character, so approvals expiring exactly at `until` are included.
            ExpressionAttributeValues: marshall({ ':pending': PENDING_GSI_PK, ':until': `${until}~` }),
            Limit: limit,
          }),
        );
        return (result.Items ?? []).map(toRecord);
      } catch (error) {
        throw translateDynamoError(error, 'Query pending approvals');
      }
    },

    async create(record) {
      const created = await conditionalWrite('PutItem approval', () =>
        client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: item(record),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return created ? 'created' : 'exists';
    },

    async update(record) {
      const next: ApprovalRecord = { ...record, version: record.version + 1 };
      const saved = await conditionalWrite('PutItem approval update', () =>
        client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: item(next),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: marshall({ ':expected': record.version }),
          }),
        ),
      );
      return saved ? next : 'conflict';
    },

    async isLinkNonceUsed(approvalId, nonce) {
      try {
        const result = await client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: marshall({ pk: linkNoncePk(approvalId), sk: linkNonceSk(nonce) }),
            ConsistentRead: true,
          }),
        );
        return result.Item !== undefined;
      } catch (error) {
        throw translateDynamoError(error, 'GetItem link nonce');
      }
    },

    consumeLinkNonce(approvalId, nonce, at) {
      return conditionalWrite('PutItem link nonce', () =>
        client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              pk: linkNoncePk(approvalId),
              sk: linkNonceSk(nonce),
              kind: 'link-nonce',
              usedAt: at,
              expiresAt: expiresAt(now(), retention.auditDays),
            }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },

    async releaseLinkNonce(approvalId, nonce, at) {
      // A false condition means the reservation is gone or is someone else's: nothing to give back.
      await conditionalWrite('DeleteItem link nonce', () =>
        client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: marshall({ pk: linkNoncePk(approvalId), sk: linkNonceSk(nonce) }),
            ConditionExpression: 'usedAt = :at',
            ExpressionAttributeValues: marshall({ ':at': at }),
          }),
        ),
      );
    },
  };
};
