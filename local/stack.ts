import { mkdirSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoHistoryStore } from '../shared/adapters/dynamodb/history-store';
import { DEFAULT_RETENTION } from '../shared/config/retention';
import type { HistoryStore } from '../shared/history/history-store';
import { ensureTable } from './dynamodb/create-table';
import { startDynaliteProcess } from './dynamodb/dynalite-process';
import type { RunningDynalite } from './dynamodb/start-dynalite';

export interface LocalStackOptions {
  /** Folder for dynalite's data; undefined keeps it in memory. */
  dataDir?: string;
  tableName?: string;
}

export interface LocalStack {
  env: Record<string, string>;
  history: HistoryStore;
  dynamodb: DynamoDBClient;
  stop(): Promise<void>;
}

/** Local defaults: the real SDK clients need a region and credentials even when they talk to stand-ins. */
const LOCAL_AWS_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Starts everything pipegate talks to, on this machine: dynalite with the pipegate table (same definition
 * as serverless.yml), and sets the environment the functions read so they run unchanged against it.
 */
export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const dynalite: RunningDynalite = await startDynaliteProcess({ path: options.dataDir });
  const tableName = options.tableName ?? 'pipegate-local';
  const env: Record<string, string> = {
    ...LOCAL_AWS_ENV,
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    PIPEGATE_TABLE: tableName,
  };
  Object.assign(process.env, env);
  const dynamodb = new DynamoDBClient({ endpoint: dynalite.endpoint });
  await ensureTable(dynamodb, tableName);
  const history = createDynamoHistoryStore({ client: dynamodb, tableName, retention: DEFAULT_RETENTION });
  return {
    env,
    history,
    dynamodb,
    stop: async () => {
      dynamodb.destroy();
      await dynalite.close();
    },
  };
};
