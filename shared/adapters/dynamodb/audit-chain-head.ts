import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import type { ChainHead, ChainLink } from '../../audit/chain/chain-link';
import { PipegateError } from '../../errors';
import { conditionalWrite, translateDynamoError } from './dynamodb-errors';

/** The partition of a day's heads: one Query reads every lane's. */
export const chainHeadsPk = (day: string): string => `AUDITCHAIN#${day}`;
const HEAD_SK = 'HEAD';

/**
 * One head item per lane of a day: `pk=AUDITCHAIN#<day>`, `sk=HEAD#<lane>` — lane 0 keeps `sk=HEAD`, the
 * key of the single chain written before lanes, so such a day goes on (and verifies) as its lane 0.
 */
export const chainHeadKey = (day: string, lane = 0) => ({
  pk: chainHeadsPk(day),
  sk: lane ? `${HEAD_SK}#${lane}` : HEAD_SK,
});

/** The lane a head's sort key names (the key is the truth, not an attribute an edit could change). */
const laneOfHeadSk = (sk: string): number | undefined => {
  if (sk === HEAD_SK) return 0;
  const lane = Number(sk.slice(HEAD_SK.length + 1));
  return sk.startsWith(`${HEAD_SK}#`) && Number.isInteger(lane) && lane > 0 ? lane : undefined;
};

const headShape = z.object({
  sk: z.string(),
  day: z.string(),
  // Heads written before lanes existed have no `lanes`: their day had one chain.
  lanes: z.number().int().positive().default(1),
  seq: z.number().int().nonnegative(),
  hash: z.string(),
  lastId: z.string(),
  lastItem: z.string().optional(),
  anchoredAt: z.string().optional(),
});

/** A head as stored, with the last entry's item kept so the next writer can finish an interrupted append. */
export type StoredHead = ChainHead & { lastItem?: string };

const parseHead = (day: string, item: Record<string, unknown>): StoredHead => {
  const parsed = headShape.safeParse(item);
  const lane = parsed.success ? laneOfHeadSk(parsed.data.sk) : undefined;
  if (!parsed.success || lane === undefined) {
    throw new PipegateError('INTERNAL', `audit chain head ${String(item.sk)} of ${day} is unreadable`, {
      details: { day },
    });
  }
  const { sk: _sk, ...head } = parsed.data;
  return { ...head, lane };
};

/** Reads one lane's head with a strongly consistent read (the lane's appends are serialised on it). */
export const readChainHead = async (
  client: DynamoDBClient,
  tableName: string,
  day: string,
  lane = 0,
): Promise<StoredHead | undefined> => {
  try {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: marshall(chainHeadKey(day, lane)),
        ConsistentRead: true,
      }),
    );
    return Item ? parseHead(day, unmarshall(Item)) : undefined;
  } catch (error) {
    throw translateDynamoError(error, 'GetItem audit chain head');
  }
};

/** Reads the heads of every lane of a day: one strongly consistent Query (paged, though one page holds 64). */
export const readChainHeads = async (
  client: DynamoDBClient,
  tableName: string,
  day: string,
): Promise<StoredHead[]> => {
  const heads: StoredHead[] = [];
  let start: Record<string, AttributeValue> | undefined;
  try {
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :head)',
          ExpressionAttributeValues: marshall({ ':pk': chainHeadsPk(day), ':head': HEAD_SK }),
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const raw of result.Items ?? []) heads.push(parseHead(day, unmarshall(raw)));
      start = result.LastEvaluatedKey;
    } while (start);
  } catch (error) {
    throw translateDynamoError(error, 'Query audit chain heads');
  }
  return heads;
};

/**
 * Moves a lane's head from `from` to `link` in one conditional UpdateItem: only one writer can take each
 * position, and none after the day is anchored. False when another writer got there first.
 */
export const advanceChainHead = (
  client: DynamoDBClient,
  tableName: string,
  from: StoredHead | undefined,
  link: ChainLink,
  last: { id: string; item: string; expiresAt: number; lanes: number },
): Promise<boolean> =>
  conditionalWrite('UpdateItem audit chain head', () =>
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall(chainHeadKey(link.day, link.lane)),
        UpdateExpression:
          'SET #kind = :kind, #day = :day, lanes = :lanes, #seq = :seq, #hash = :hash, lastId = :lastId, lastItem = :lastItem, expiresAt = :expiresAt',
        ConditionExpression: `${from ? '#seq = :from' : 'attribute_not_exists(pk)'} AND attribute_not_exists(anchoredAt)`,
        ExpressionAttributeNames: { '#kind': 'kind', '#day': 'day', '#seq': 'seq', '#hash': 'hash' },
        ExpressionAttributeValues: marshall({
          ':kind': 'audit-chain-head',
          ':day': link.day,
          // The larger of what the lane recorded and this writer's setting, so a lowered setting never
          // makes a day look as if it had fewer lanes than it has.
          ':lanes': Math.max(last.lanes, from?.lanes ?? 1, link.lane + 1),
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
