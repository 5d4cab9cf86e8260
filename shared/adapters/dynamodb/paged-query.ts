import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Position } from '../../audit/cursor';
import { PipegateError } from '../../errors';
import type { PageRequest } from '../../reports/audit-reader';
import { translateDynamoError } from './dynamodb-errors';

/** One partition of a table or index to read, in the order the caller wants. */
export interface PartitionQuery {
  /** Undefined reads the table itself. */
  index?: string;
  pkAttribute: string;
  skAttribute: string;
  partition: string;
  /** Inclusive sort-key bounds. */
  between?: { lower: string; upper: string };
  /** Only sort keys strictly below this one. */
  below?: string;
  forward: boolean;
  /** Keep only items whose top-level `action` is one of these. */
  actions?: readonly string[];
}

export interface StoredPage {
  items: Record<string, unknown>[];
  next?: Position;
}

// With a filter, DynamoDB's Limit counts items read, not kept. Ask for just what is needed first; only when
// the filter drops items do batches grow (up to this), so unfiltered-in-practice queries never over-read.
const FILTERED_BATCH = 200;

const keyAttributes = (spec: PartitionQuery): string[] =>
  spec.index ? ['pk', 'sk', spec.pkAttribute, spec.skAttribute] : ['pk', 'sk'];

export const foreignCursor = (): PipegateError =>
  new PipegateError('INVALID_REQUEST', 'cursor does not fit this query', {
    details: { parameter: 'cursor' },
  });

/** Whether a cursor's key names exactly these attributes: a cursor of another query's shape is foreign. */
export const hasKeyShape = (attributes: readonly string[], key: Record<string, string>): boolean => {
  const expected = [...attributes].sort();
  const given = Object.keys(key).sort();
  return expected.length === given.length && expected.every((name, i) => name === given[i]);
};

/** Where to resume: the partition named by the cursor, with a key of exactly that partition's shape. */
const startOf = (partitions: PartitionQuery[], after: Position | undefined): number => {
  if (!after) return 0;
  const index = partitions.findIndex((spec) => spec.partition === after.partition);
  const spec = partitions[index];
  if (!spec) throw foreignCursor();
  if (!hasKeyShape(keyAttributes(spec), after.key) || after.key[spec.pkAttribute] !== spec.partition) {
    throw foreignCursor();
  }
  return index;
};

const positionOf = (item: Record<string, unknown>, spec: PartitionQuery): Position => ({
  partition: spec.partition,
  key: Object.fromEntries(keyAttributes(spec).map((name) => [name, String(item[name])])),
});

const queryInput = (tableName: string, spec: PartitionQuery) => {
  const values: Record<string, string> = { ':pk': spec.partition };
  const names: Record<string, string> = { '#pk': spec.pkAttribute };
  let condition = '#pk = :pk';
  if (spec.between) {
    names['#sk'] = spec.skAttribute;
    values[':lower'] = spec.between.lower;
    values[':upper'] = spec.between.upper;
    condition += ' AND #sk BETWEEN :lower AND :upper';
  } else if (spec.below) {
    names['#sk'] = spec.skAttribute;
    values[':below'] = spec.below;
    condition += ' AND #sk < :below';
  }
  let filter: string | undefined;
  if (spec.actions?.length) {
    names['#action'] = 'action';
    spec.actions.forEach((action, i) => {
      values[`:action${i}`] = action;
    });
    filter = `#action IN (${spec.actions.map((_, i) => `:action${i}`).join(', ')})`;
  }
  return {
    TableName: tableName,
    IndexName: spec.index,
    KeyConditionExpression: condition,
    FilterExpression: filter,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: marshall(values),
    ScanIndexForward: spec.forward,
  };
};

/**
 * Reads up to `page.limit` items from a sequence of partitions, in order, resuming after `page.after`. It
 * reads one item more than asked so that `next` is only set when something really follows (no empty last
 * page), and builds `next` from the last returned item's key — valid wherever the page stopped.
 * @example await queryPartitions(client, table, [{ index: 'gsi3', pkAttribute: 'gsi3pk', … }], { limit: 50 })
 */
export const queryPartitions = async (
  client: DynamoDBClient,
  tableName: string,
  partitions: PartitionQuery[],
  page: PageRequest,
): Promise<StoredPage> => {
  const start = startOf(partitions, page.after);
  const wanted = page.limit + 1;
  const collected: { item: Record<string, unknown>; spec: PartitionQuery }[] = [];
  let batch = 0;
  for (let i = start; i < partitions.length && collected.length < wanted; i += 1) {
    const spec = partitions[i];
    if (!spec) break;
    let exclusiveStartKey: Record<string, AttributeValue> | undefined =
      i === start && page.after ? marshall(page.after.key) : undefined;
    do {
      const need = wanted - collected.length;
      const input = { ...queryInput(tableName, spec), ExclusiveStartKey: exclusiveStartKey };
      const result = await client
        .send(new QueryCommand({ ...input, Limit: Math.max(need, batch) }))
        .catch((error: unknown) => {
          throw translateDynamoError(error, `Query ${spec.index ?? 'table'}`);
        });
      for (const raw of result.Items ?? []) {
        if (collected.length < wanted) collected.push({ item: unmarshall(raw), spec });
      }
      exclusiveStartKey = result.LastEvaluatedKey;
      // The filter dropped items: read bigger batches from here on, so a sparse match does not crawl.
      if ((result.Count ?? 0) < (result.ScannedCount ?? 0))
        batch = Math.min(FILTERED_BATCH, Math.max(batch, need) * 4);
    } while (exclusiveStartKey && collected.length < wanted);
  }
  const kept = collected.slice(0, page.limit);
  const last = kept.at(-1);
  return {
    items: kept.map(({ item }) => item),
    ...(collected.length > page.limit && last ? { next: positionOf(last.item, last.spec) } : {}),
  };
};

/**
 * Every item of one table partition (an execution: summary, events, approvals, audit entries).
 * @example await queryWholePartition(client, table, 'EXEC#3f1c…')
 */
export const queryWholePartition = async (
  client: DynamoDBClient,
  tableName: string,
  partition: string,
  below?: string,
): Promise<Record<string, unknown>[]> => {
  const spec: PartitionQuery = { pkAttribute: 'pk', skAttribute: 'sk', partition, forward: true, below };
  const items: Record<string, unknown>[] = [];
  let exclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const result = await client
      .send(new QueryCommand({ ...queryInput(tableName, spec), ExclusiveStartKey: exclusiveStartKey }))
      .catch((error: unknown) => {
        throw translateDynamoError(error, 'Query execution');
      });
    items.push(...(result.Items ?? []).map((raw) => unmarshall(raw)));
    exclusiveStartKey = result.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return items;
};
