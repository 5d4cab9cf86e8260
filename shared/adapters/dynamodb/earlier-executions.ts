import { type DynamoDBClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { EarlierExecutions } from '../../changes/change-ports';
import type { ExecutionSummary } from '../../history/execution-summary';
import { translateDynamoError } from './dynamodb-errors';
import { INDEX, pipelineGsiPk, pipelineGsiSk } from './keys';

export interface DynamoEarlierExecutionsOptions {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * {@link EarlierExecutions} on the by-pipeline index (gsi1, which carries the summary): a Query backwards from
 * the current execution's key, one page per `limit` runs at most — never a Scan, whatever the history.
 */
export const createDynamoEarlierExecutions = ({
  client,
  tableName,
}: DynamoEarlierExecutionsOptions): EarlierExecutions => ({
  async before(pipeline, current, limit) {
    const items: ExecutionSummary[] = [];
    let startKey: QueryCommandOutput['LastEvaluatedKey'];
    do {
      let result: QueryCommandOutput;
      try {
        result = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEX.byPipeline,
            KeyConditionExpression: 'gsi1pk = :pipeline AND gsi1sk < :current',
            ExpressionAttributeValues: marshall({
              ':pipeline': pipelineGsiPk(pipeline),
              ':current': pipelineGsiSk(current.startTime, current.executionId),
            }),
            ProjectionExpression: 'summary',
            ScanIndexForward: false,
            Limit: limit - items.length,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
      } catch (error) {
        throw translateDynamoError(error, 'Query earlier executions');
      }
      for (const raw of result.Items ?? []) {
        const summary = unmarshall(raw).summary;
        // The same JSON the history store writes and reads back (see history-store.ts).
        if (typeof summary === 'string') items.push(JSON.parse(summary) as ExecutionSummary);
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return { items, more: startKey !== undefined };
  },
});
