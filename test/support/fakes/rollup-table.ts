import {
  type AttributeValue,
  DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

/** Bytes of an item as DynamoDB sizes it (names plus values; numbers approximated as stored). */
const sizeOf = (item: Item): number =>
  Object.entries(item).reduce(
    (sum, [name, value]) =>
      sum +
      Buffer.byteLength(name) +
      (value.S !== undefined ? Buffer.byteLength(value.S) : 1 + (value.N ?? '').length / 2),
    0,
  );
/** Write units a write bills: the larger of the item before and after, per started KB. */
const unitsOf = (before: Item | undefined, after: Item): number =>
  Math.max(1, Math.ceil(Math.max(before ? sizeOf(before) : 0, sizeOf(after)) / 1024));

/**
 * The table in memory behind every DynamoDBClient, for the two calls the rollup store makes: PutItem, and
 * UpdateItem with a plain `SET a = :v, …` expression and ReturnValues NONE or ALL_OLD (as DynamoDB answers
 * them). The mock counts the calls (`dynamodb.commandCalls`) and `writeUnits` estimates what they bill;
 * `reset` the mock when done.
 */
export const memoryRollupTable = (dynamodb: AwsClientStub<DynamoDBClient> = mockClient(DynamoDBClient)) => {
  const items = new Map<string, Item>();
  /** Write units billed so far, by command (estimated like DynamoDB bills them). */
  const writeUnits = { PutItem: 0, UpdateItem: 0 };
  const keyOf = (key: Item) => `${key.pk?.S}|${key.sk?.S}`;
  dynamodb.on(PutItemCommand).callsFake((input: PutItemCommandInput) => {
    const item = input.Item ?? {};
    writeUnits.PutItem += unitsOf(items.get(keyOf(item)), item);
    items.set(keyOf(item), { ...item });
    return {};
  });
  dynamodb.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => {
    const key = keyOf(input.Key ?? {});
    const old = items.get(key);
    const next: Item = { ...(old ?? input.Key) };
    for (const assignment of (input.UpdateExpression ?? '').replace(/^SET /, '').split(', ')) {
      const [name = '', value = ''] = assignment.split(' = ');
      const attribute = input.ExpressionAttributeNames?.[name] ?? name;
      next[attribute] = input.ExpressionAttributeValues?.[value] as AttributeValue;
    }
    writeUnits.UpdateItem += unitsOf(old, next);
    items.set(key, next);
    return input.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {};
  });
  const get = (pk: string, sk: string) => {
    const item = items.get(`${pk}|${sk}`);
    return item ? unmarshall(item) : undefined;
  };
  return { dynamodb, writeUnits, get, forget: (pk: string, sk: string) => items.delete(`${pk}|${sk}`) };
};
