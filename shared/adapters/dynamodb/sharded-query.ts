import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Position } from '../../audit/cursor';
import type { PageRequest } from '../../reports/audit-reader';
import { translateDynamoError } from './dynamodb-errors';
import { foreignCursor, hasKeyShape, type StoredPage } from './paged-query';

/**
 * One logical partition of an index (e.g. one day of failures) written over several shard keys. Its items
 * are read newest first: every shard in parallel, merged by sort key.
 */
export interface ShardedPartition {
  index: string;
  pkAttribute: string;
  skAttribute: string;
  /** The logical name, as a cursor carries it. */
  partition: string;
  shards: readonly string[];
  /** Inclusive sort-key bounds. */
  between: { lower: string; upper: string };
}

const keyAttributes = (spec: ShardedPartition): string[] => ['pk', 'sk', spec.pkAttribute, spec.skAttribute];

/** Where to resume: the logical partition named by the cursor, and the sort key of the last item returned. */
const startOf = (
  partitions: readonly ShardedPartition[],
  after: Position | undefined,
): { index: number; belowSk?: string } => {
  if (!after) return { index: 0 };
  const index = partitions.findIndex((spec) => spec.partition === after.partition);
  const spec = partitions[index];
  if (!spec) throw foreignCursor();
  const sameShape = hasKeyShape(keyAttributes(spec), after.key);
  const shard = after.key[spec.pkAttribute];
  const sk = after.key[spec.skAttribute];
  if (!sameShape || shard === undefined || !spec.shards.includes(shard) || sk === undefined) {
    throw foreignCursor();
  }
  return { index, belowSk: sk };
};

/** Sort keys compare like DynamoDB compares them (code units, not locale). */
const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Up to `limit` items of one shard, newest first, with sort keys in [lower, upper]. */
const readShard = async (
  client: DynamoDBClient,
  tableName: string,
  spec: ShardedPartition,
  shard: string,
  upper: string,
  limit: number,
): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let exclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const result = await client
      .send(
        new QueryCommand({
          TableName: tableName,
          IndexName: spec.index,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lower AND :upper',
          ExpressionAttributeNames: { '#pk': spec.pkAttribute, '#sk': spec.skAttribute },
          ExpressionAttributeValues: marshall({
            ':pk': shard,
            ':lower': spec.between.lower,
            ':upper': upper,
          }),
          ScanIndexForward: false,
          Limit: limit - items.length,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      )
      .catch((error: unknown) => {
        throw translateDynamoError(error, `Query ${spec.index}`);
      });
    items.push(...(result.Items ?? []).map((raw) => unmarshall(raw)));
    exclusiveStartKey = result.LastEvaluatedKey;
  } while (exclusiveStartKey && items.length < limit);
  return items;
};

/**
 * Reads up to `page.limit` items, newest first, from a sequence of sharded partitions, resuming after
 * `page.after`. Each shard is asked for at most what the page still needs (any item of the merged top n is
 * among its own shard's top n), so a page costs one query per shard of each partition it touches. Sort keys
 * must be unique (`<time>#<id>`): the cursor resumes below the last returned one in every shard.
 * @example await queryShardsNewestFirst(client, table, [{ index: 'gsi3', shards: ['FAILED#2026-07-18', …], … }], { limit: 50 })
 */
export const queryShardsNewestFirst = async (
  client: DynamoDBClient,
  tableName: string,
  partitions: readonly ShardedPartition[],
  page: PageRequest,
): Promise<StoredPage> => {
  const start = startOf(partitions, page.after);
  const wanted = page.limit + 1;
  const collected: { item: Record<string, unknown>; spec: ShardedPartition }[] = [];
  for (let i = start.index; i < partitions.length && collected.length < wanted; i += 1) {
    const spec = partitions[i];
    if (!spec) break;
    const below = i === start.index ? start.belowSk : undefined;
    // BETWEEN is inclusive: resuming, the cursor's own item comes back once and is dropped below.
    const upper = below ?? spec.between.upper;
    const need = wanted - collected.length + (below ? 1 : 0);
    const shards = await Promise.all(
      spec.shards.map((shard) => readShard(client, tableName, spec, shard, upper, need)),
    );
    const merged = shards
      .flat()
      .filter((item) => below === undefined || String(item[spec.skAttribute]) < below)
      .sort((a, b) => byteOrder(String(b[spec.skAttribute]), String(a[spec.skAttribute])));
    for (const item of merged) {
      if (collected.length < wanted) collected.push({ item, spec });
    }
  }
  const kept = collected.slice(0, page.limit);
  const last = kept.at(-1);
  return {
    items: kept.map(({ item }) => item),
    ...(collected.length > page.limit && last
      ? {
          next: {
            partition: last.spec.partition,
            key: Object.fromEntries(keyAttributes(last.spec).map((name) => [name, String(last.item[name])])),
          },
        }
      : {}),
  };
};
