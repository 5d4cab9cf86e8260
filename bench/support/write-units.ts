import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parse } from 'yaml';

type Item = Record<string, AttributeValue>;

/** DynamoDB's item size rule: attribute name lengths plus value sizes (strings UTF-8, numbers ~ digits/2+1). */
const valueSize = (value: AttributeValue): number => {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-/, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.M) return 3 + itemSize(value.M);
  if (value.L) return 3 + value.L.reduce((sum, entry) => sum + 1 + valueSize(entry), 0);
  return 0;
};
export const itemSize = (item: Item): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);
const units = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));

interface IndexSpec {
  name: string;
  pk: string;
  sk: string;
  projected: string[];
}

/** The indexes and their projections, from infra/table.yml (one source of truth). */
const indexes = (): IndexSpec[] => {
  const table = parse(readFileSync(join(__dirname, '..', '..', 'infra', 'table.yml'), 'utf8')) as {
    GlobalSecondaryIndexes: Array<{
      IndexName: string;
      KeySchema: Array<{ AttributeName: string; KeyType: string }>;
      Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
    }>;
  };
  return table.GlobalSecondaryIndexes.map((index) => ({
    name: index.IndexName,
    pk: index.KeySchema.find((key) => key.KeyType === 'HASH')?.AttributeName ?? '',
    sk: index.KeySchema.find((key) => key.KeyType === 'RANGE')?.AttributeName ?? '',
    projected: [
      'pk',
      'sk',
      ...index.KeySchema.map((key) => key.AttributeName),
      ...(index.Projection.NonKeyAttributes ?? []),
    ],
  }));
};

const entryOf = (item: Item | undefined, index: IndexSpec): Item | undefined => {
  if (!item?.[index.pk] || !item[index.sk]) return undefined;
  return Object.fromEntries(
    index.projected.filter((name) => item[name]).map((name) => [name, item[name] as AttributeValue]),
  );
};

export interface WriteUnitCounts {
  /** Estimated write units, table and index copies, as DynamoDB bills them (1 KB units, refused writes 1). */
  total: number;
  table: number;
  byIndex: Record<string, number>;
  /** Index writes per index partition key (a moved key is a delete on the old and a put on the new). */
  indexWritesByPartition: Map<string, number>;
  /** Sizes of the items last written, by kind of sort key prefix, for the item-size checks. */
  lastSize: Map<string, number>;
  /** The items last written, by `pk|sk` (the floor is estimated from them, see write-floor). */
  lastImage: Map<string, Item>;
}

/**
 * Bench-only spy: estimates the write units every PutItem/UpdateItem would bill, keeping the last image of
 * each item to tell whether an index entry was added, moved, changed or left alone (GSI.html#GSI.Writes:
 * a moved key costs two index writes, a changed projection one, no change none). Install before the
 * functions import their clients.
 */
export const countWriteUnits = () => {
  const specs = indexes();
  const images = new Map<string, Item>();
  const counts: WriteUnitCounts = {
    total: 0,
    table: 0,
    byIndex: {},
    indexWritesByPartition: new Map(),
    lastSize: new Map(),
    lastImage: new Map(),
  };
  const original = DynamoDBClient.prototype.send;
  const bill = (key: string, before: Item | undefined, after: Item) => {
    const tableUnits = units(Math.max(itemSize(after), before ? itemSize(before) : 0));
    counts.table += tableUnits;
    counts.total += tableUnits;
    counts.lastSize.set(key, itemSize(after));
    counts.lastImage.set(key, after);
    for (const index of specs) {
      const old = entryOf(before, index);
      const next = entryOf(after, index);
      if (!old && !next) continue;
      const moved =
        old && next && (old[index.pk]?.S !== next[index.pk]?.S || old[index.sk]?.S !== next[index.sk]?.S);
      const same = old && next && !moved && JSON.stringify(old) === JSON.stringify(next);
      if (same) continue;
      const writes: Array<[Item, string]> = [];
      if (old && (moved || !next)) writes.push([old, String(old[index.pk]?.S)]);
      if (next) writes.push([next, String(next[index.pk]?.S)]);
      for (const [entry, partition] of writes) {
        const indexUnits = units(itemSize(entry));
        counts.byIndex[index.name] = (counts.byIndex[index.name] ?? 0) + indexUnits;
        counts.total += indexUnits;
        const label = `${index.name} ${partition}`;
        counts.indexWritesByPartition.set(label, (counts.indexWritesByPartition.get(label) ?? 0) + 1);
      }
    }
  };
  DynamoDBClient.prototype.send = function send(this: DynamoDBClient, command: unknown, ...rest: unknown[]) {
    const name = (command as { constructor: { name: string } }).constructor.name;
    const input = (command as { input: Record<string, unknown> }).input;
    const result = (original as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest);
    if (name !== 'PutItemCommand' && name !== 'UpdateItemCommand') return result;
    const keyItem = (input.Item ?? input.Key) as Item;
    const key = `${keyItem.pk?.S}|${keyItem.sk?.S}`;
    return result.then(
      (output) => {
        const before = images.get(key);
        let after: Item;
        if (name === 'PutItemCommand') after = input.Item as Item;
        else {
          // SET a = :x, b = :y only (what the adapters use): merge the values into the last image.
          after = { ...(before ?? (input.Key as Item)) };
          const values = (input.ExpressionAttributeValues ?? {}) as Item;
          const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
          const set = String(input.UpdateExpression ?? '').replace(/^SET\s+/, '');
          for (const part of set.split(',')) {
            const [left, right] = part.split('=').map((side) => side.trim());
            if (!left || !right || !values[right]) continue;
            after[names[left] ?? left] = values[right] as AttributeValue;
          }
        }
        images.set(key, after);
        bill(key, before, after);
        return output;
      },
      (error: unknown) => {
        // A refused conditional write still bills the item's size (at least one unit).
        const before = images.get(key);
        const refused = units(before ? itemSize(before) : 0);
        counts.table += refused;
        counts.total += refused;
        throw error;
      },
    );
  } as typeof original;
  return counts;
};
