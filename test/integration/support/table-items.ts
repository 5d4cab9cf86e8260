import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** Every item stored under one partition key (e.g. `EXEC#<id>`), for asserting on what was written. */
export const itemsUnder = async (
  client: DynamoDBClient,
  tableName: string,
  pk: string,
): Promise<Record<string, unknown>[]> => {
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((item) => unmarshall(item));
};
