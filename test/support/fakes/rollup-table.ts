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

/**
 * The table in memory behind every DynamoDBClient, for the two calls the rollup store makes: PutItem, and
 * UpdateItem with a plain `SET a = :v, …` expression and ReturnValues NONE or ALL_OLD (as DynamoDB answers
 * them). The mock counts the calls (`dynamodb.commandCalls`); `reset` it when done.
 */
export const memoryRollupTable = (dynamodb: AwsClientStub<DynamoDBClient> = mockClient(DynamoDBClient)) => {
  const items = new Map<string, Item>();
  const keyOf = (key: Item) => `${key.pk?.S}|${key.sk?.S}`;
  dynamodb.on(PutItemCommand).callsFake((input: PutItemCommandInput) => {
    const item = input.Item ?? {};
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
    items.set(key, next);
    return input.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {};
  });
  const get = (pk: string, sk: string) => {
    const item = items.get(`${pk}|${sk}`);
    return item ? unmarshall(item) : undefined;
  };
  return { dynamodb, get, forget: (pk: string, sk: string) => items.delete(`${pk}|${sk}`) };
};
