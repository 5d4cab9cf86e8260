import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

// The floor a pipegate function is compared with (bench/bundles.bench.ts): the smallest useful Lambda on the
// same SDK, one client at module scope and one PutItem per invocation, bundled with the same options.
const client = new DynamoDBClient({});

/** Stores one item; the event names it. */
export const handler = async (event: { id?: string }): Promise<{ stored: string }> => {
  const id = event.id ?? 'baseline';
  await client.send(
    new PutItemCommand({
      TableName: process.env.PIPEGATE_TABLE ?? 'baseline',
      Item: { pk: { S: id }, sk: { S: id } },
    }),
  );
  return { stored: id };
};
