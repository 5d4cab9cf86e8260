import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { executionHistory } from '../../../shared/adapters/dynamodb/records/history-items';
import { summaryWithWindow } from '../../../shared/adapters/dynamodb/records/summary-item';
import type { HistoryEntry } from '../../../shared/history/history-store';

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

/**
 * Every event recorded for an execution, from the items under its partition: history pages (and per-event
 * items from before pages), then the summary's window of recent events.
 */
export const recordedEvents = (items: readonly Record<string, unknown>[]): HistoryEntry[] => {
  const summary = items.find((item) => item.kind === 'summary');
  return executionHistory(items, summary ? summaryWithWindow(summary) : undefined);
};
