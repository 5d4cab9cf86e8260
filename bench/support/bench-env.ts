import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../local/dynamodb/create-table';
import { startDynaliteProcess } from '../../local/dynamodb/dynalite-process';
import type { RunningDynalite } from '../../local/dynamodb/start-dynalite';

process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'bench';
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface BenchTable {
  dynalite: RunningDynalite;
  client: DynamoDBClient;
  tableName: string;
}

/** A fresh in-memory dynalite with the pipegate table. */
export const benchTable = async (tableName = 'pipegate-bench'): Promise<BenchTable> => {
  const dynalite = await startDynaliteProcess();
  const client = new DynamoDBClient({ endpoint: dynalite.endpoint });
  await ensureTable(client, tableName);
  return { dynalite, client, tableName };
};

/** Runs `work` over `items` with at most `concurrency` in flight (like parallel Lambda pollers). */
export const runConcurrently = async <T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Writes a result file under bench/results/ and prints it. */
export const writeResult = (name: string, result: Record<string, unknown>): void => {
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const body = JSON.stringify(
    { benchmark: name, at: new Date().toISOString(), node: process.version, ...result },
    null,
    2,
  );
  writeFileSync(join(dir, `${name}.json`), `${body}\n`);
  console.log(body);
};
