import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { parse } from 'yaml';

/** The table definition serverless.yml deploys (infra/table.yml), as CreateTable input. */
export const tableDefinition = (tableName: string): CreateTableCommandInput => {
  const definition = parse(readFileSync(join(__dirname, '..', '..', 'infra', 'table.yml'), 'utf8')) as Record<
    string,
    unknown
  >;
  // TTL and PITR are separate control-plane calls in DynamoDB (and unsupported by dynalite); the rest is shared.
  const { TimeToLiveSpecification, PointInTimeRecoverySpecification, SSESpecification, ...create } =
    definition;
  return { ...(create as Omit<CreateTableCommandInput, 'TableName'>), TableName: tableName };
};

/** Creates the pipegate table if it is not there yet. */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
};
