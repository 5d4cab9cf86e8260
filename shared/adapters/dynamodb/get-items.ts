import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { PipegateError } from '../../errors';
import { sleep } from '../../runtime/sleep';
import { translateDynamoError } from './dynamodb-errors';

/** BatchGetItem takes at most 100 keys per request. */
const BATCH = 100;
/** Unprocessed keys (throttling) are asked for again this many times, with a short growing pause. */
const ATTEMPTS = 5;

const keyOf = (pk: string, sk: string): string => `${pk}\u0000${sk}`;

/**
 * Reads items by key (eventually consistent, like the index query that found them), in the order asked;
 * a key with no item is left out. Used where an index carries keys only, so that its entries are not
 * rewritten whenever the item's other attributes change.
 * @example await getItems(client, table, [{ pk: 'EXEC#…', sk: 'SUMMARY' }])
 */
export const getItems = async (
  client: DynamoDBClient,
  tableName: string,
  keys: ReadonlyArray<{ pk: string; sk: string }>,
): Promise<Record<string, unknown>[]> => {
  const found = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < keys.length; start += BATCH) {
    let pending: Record<string, AttributeValue>[] = keys
      .slice(start, start + BATCH)
      .map((key) => marshall(key));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt === ATTEMPTS) {
        throw new PipegateError('TRANSIENT', 'DynamoDB BatchGetItem left keys unprocessed', {
          details: { operation: 'BatchGetItem', unprocessed: pending.length },
        });
      }
      if (attempt > 0) await sleep(50 * 2 ** attempt);
      const result = await client
        .send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending } } }))
        .catch((error: unknown) => {
          throw translateDynamoError(error, 'BatchGetItem');
        });
      for (const raw of result.Responses?.[tableName] ?? []) {
        const item = unmarshall(raw);
        found.set(keyOf(String(item.pk), String(item.sk)), item);
      }
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return keys
    .map((key) => found.get(keyOf(key.pk, key.sk)))
    .filter((item): item is Record<string, unknown> => item !== undefined);
};
