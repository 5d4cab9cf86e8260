import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { EarlierExecutions } from '../../changes/change-ports';
import type { ExecutionSummary } from '../../history/execution-summary';
import { translateDynamoError } from './dynamodb-errors';
import { INDEX, pipelineGsiPk, pipelineGsiSk } from './keys';
import { summaryOf as storedSummaryOf } from './records/summary-item';

export interface DynamoEarlierExecutionsOptions {
  client: DynamoDBClient;
  tableName: string;
}

/** Runs read per step: the last success is usually among the newest few, so most requests read one page. */
const PAGE = 10;

const send = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    throw translateDynamoError(error, operation);
  }
};

/**
 * {@link EarlierExecutions} on the by-pipeline index (gsi1, keys only): a Query backwards from the current
 * execution's key, a page of {@link PAGE} runs at a time, each summary read by its key (GetItem, which the
 * ingest role already has) — never a Scan. It stops at the first run `until` accepts, or at `limit`.
 */
export const createDynamoEarlierExecutions = ({
  client,
  tableName,
}: DynamoEarlierExecutionsOptions): EarlierExecutions => {
  const readSummary = async (key: { pk: string; sk: string }): Promise<ExecutionSummary | undefined> => {
    const result = await send('GetItem earlier execution', () =>
      client.send(
        new GetItemCommand({ TableName: tableName, Key: marshall(key), ProjectionExpression: 'summary' }),
      ),
    );
    // Only the state is projected (the window of recent events is not needed), validated like every read.
    return result.Item ? storedSummaryOf({ ...key, ...unmarshall(result.Item) }) : undefined;
  };

  return {
    async before(pipeline, current, limit, until) {
      const items: ExecutionSummary[] = [];
      let startKey: QueryCommandOutput['LastEvaluatedKey'];
      do {
        const page: QueryCommandOutput = await send('Query earlier executions', () =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: INDEX.byPipeline,
              KeyConditionExpression: 'gsi1pk = :pipeline AND gsi1sk < :current',
              ExpressionAttributeValues: marshall({
                ':pipeline': pipelineGsiPk(pipeline),
                ':current': pipelineGsiSk(current.startTime, current.executionId),
              }),
              ScanIndexForward: false,
              Limit: Math.min(PAGE, limit - items.length),
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          ),
        );
        const keys = (page.Items ?? [])
          .map((raw) => unmarshall(raw))
          .map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
        const summaries = await Promise.all(keys.map(readSummary));
        for (const summary of summaries) if (summary) items.push(summary);
        startKey = page.LastEvaluatedKey;
        if (until && summaries.some((summary) => summary !== undefined && until(summary))) break;
      } while (startKey && items.length < limit);
      return { items, more: startKey !== undefined };
    },
  };
};
