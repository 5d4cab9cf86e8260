import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { LocalStack } from '../../../local/stack';

/** How many items the test table holds (a test-only Scan: counting every write is the point here). */
export const tableItemCount = async (stack: LocalStack): Promise<number> => {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.dynamodb.send(
      new ScanCommand({
        TableName: stack.env.PIPEGATE_TABLE as string,
        Select: 'COUNT',
        ExclusiveStartKey: start as never,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
};
