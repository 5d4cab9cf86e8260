import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import type { ChainHead, ChainLink } from '../../audit/chain/chain-link';
import { genesisHash } from '../../audit/chain/chain-link';
import { PipegateError } from '../../errors';
import { conditionalWrite, translateDynamoError } from './dynamodb-errors';

/** One head item per day: `pk=AUDITCHAIN#<day>`, `sk=HEAD`. */
export const chainHeadKey = (day: string) => ({ pk: `AUDITCHAIN#${day}`, sk: 'HEAD' });

const headShape = z.object({
  day: z.string(),
  seq: z.number().int().nonnegative(),
  hash: z.string(),
  lastId: z.string(),
  lastItem: z.string().optional(),
  anchoredAt: z.string().optional(),
});

/** A head as stored, with the last entry's item kept so the next writer can finish an interrupted append. */
export type StoredHead = ChainHead & { lastItem?: string };

/** Reads a day's head with a strongly consistent read (the chain is serialised on it). */
export const readChainHead = async (
  client: DynamoDBClient,
  tableName: string,
  day: string,
): Promise<StoredHead | undefined> => {
  try {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: marshall(chainHeadKey(day)), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const parsed = headShape.safeParse(unmarshall(Item));
    if (!parsed.success) {
      throw new PipegateError('INTERNAL', `audit chain head of ${day} is unreadable`, { details: { day } });
    }
    return parsed.data;
  } catch (error) {
    throw translateDynamoError(error, 'GetItem audit chain head');
  }
};

/**
 * Moves a day's head from `from` to `link` in one conditional UpdateItem: only one writer can take each
 * position, and none after the day is anchored. False when another writer got there first.
 */
export const advanceChainHead = (
  client: DynamoDBClient,
  tableName: string,
  from: StoredHead | undefined,
  link: ChainLink,
  last: { id: string; item: string; expiresAt: number },
): Promise<boolean> =>
  conditionalWrite('UpdateItem audit chain head', () =>
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall(chainHeadKey(link.day)),
        UpdateExpression:
          'SET #kind = :kind, #day = :day, #seq = :seq, #hash = :hash, lastId = :lastId, lastItem = :lastItem, expiresAt = :expiresAt',
        ConditionExpression: `${from ? '#seq = :from' : 'attribute_not_exists(pk)'} AND attribute_not_exists(anchoredAt)`,
        ExpressionAttributeNames: { '#kind': 'kind', '#day': 'day', '#seq': 'seq', '#hash': 'hash' },
        ExpressionAttributeValues: marshall({
          ':kind': 'audit-chain-head',
          ':day': link.day,
          ':seq': link.seq,
          ':hash': link.hash,
          ':lastId': last.id,
          ':lastItem': last.item,
          ':expiresAt': last.expiresAt,
          ...(from ? { ':from': from.seq } : {}),
        }),
      }),
    ),
  );

/**
 * Closes a day: marks its head as the anchor (or writes an empty anchor for a day without entries), after
 * which no entry can join that day's chain. Returns the anchor, or undefined when it already was closed.
 */
export const anchorChainDay = async (
  client: DynamoDBClient,
  tableName: string,
  day: string,
  at: string,
  expiresAt: number,
): Promise<ChainHead | undefined> => {
  const closed = await conditionalWrite('UpdateItem audit chain anchor', () =>
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall(chainHeadKey(day)),
        UpdateExpression:
          'SET anchoredAt = :at, #kind = :kind, #day = :day, #seq = if_not_exists(#seq, :zero), #hash = if_not_exists(#hash, :genesis), lastId = if_not_exists(lastId, :none), expiresAt = if_not_exists(expiresAt, :expiresAt)',
        ConditionExpression: 'attribute_not_exists(anchoredAt)',
        ExpressionAttributeNames: { '#kind': 'kind', '#day': 'day', '#seq': 'seq', '#hash': 'hash' },
        ExpressionAttributeValues: marshall({
          ':at': at,
          ':kind': 'audit-chain-head',
          ':day': day,
          ':zero': 0,
          ':genesis': genesisHash(day),
          ':none': '',
          ':expiresAt': expiresAt,
        }),
      }),
    ),
  );
  return closed ? readChainHead(client, tableName, day) : undefined;
};

/**
 * Finishes an append that stopped after moving the head (a crash or a failed write): puts the head's last
 * item if it is not in the table. Conditional, so an entry that is there is never overwritten.
 */
export const completeLastAppend = async (
  client: DynamoDBClient,
  tableName: string,
  head: StoredHead,
): Promise<void> => {
  if (!head.lastItem) return;
  await conditionalWrite('PutItem audit entry (completing)', () =>
    client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall(JSON.parse(head.lastItem ?? '{}'), { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
};
