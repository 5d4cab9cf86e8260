import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../../local/dynamodb/create-table';

/** A DynamoDB client for the dynalite the global setup started. */
export const dynamoClient = (): DynamoDBClient => new DynamoDBClient({});

/** Creates a fresh table so test files never see each other's data. */
export const createTestTable = async (client: DynamoDBClient = dynamoClient()): Promise<string> => {
  const tableName = `pipegate-test-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return tableName;
};
