import {
  type AttributeValue,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Retention } from '../../config/retention';
import { PipegateError } from '../../errors';
import type { RollupReader, RollupStore } from '../../metrics/rollup-store';
import { type RunFact, runFactSchema } from '../../metrics/run-fact';
import { translateDynamoError } from './dynamodb-errors';
import { dayOf, expiresAt } from './keys';

/**
 * Layout: `pk=METRICS#<pipeline>`, `sk=DAY#<yyyy-mm-dd>`, one attribute `run#<executionId>` per finished
 * run (its JSON fact); and `pk=METRICS`, `sk=PIPELINE#<name>` listing the pipelines that have rollups.
 */
const rollupPk = (pipeline: string): string => `METRICS#${pipeline}`;
const rollupSk = (day: string): string => `DAY#${day}`;
const REGISTRY_PK = 'METRICS';
const RUN_PREFIX = 'run#';

export interface DynamoRollupOptions {
  client: DynamoDBClient;
  tableName: string;
  retention?: Retention;
  now?: () => Date;
}

/**
 * {@link RollupStore} on the pipegate table. Recording a run is one UpdateItem (`SET #run = :fact`, so a
 * re-delivery writes the same value again) and one idempotent PutItem of the pipeline's registry entry.
 */
export const createDynamoRollupStore = (options: DynamoRollupOptions): RollupStore => {
  const { client, tableName } = options;
  const now = options.now ?? (() => new Date());
  const days = options.retention?.historyDays ?? 400;
  return {
    async record(fact: RunFact) {
      const ttl = expiresAt(now(), days);
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall({ pk: rollupPk(fact.pipeline), sk: rollupSk(dayOf(fact.end)) }),
            UpdateExpression: 'SET #run = :fact, kind = :kind, expiresAt = :ttl',
            ExpressionAttributeNames: { '#run': `${RUN_PREFIX}${fact.id}` },
            ExpressionAttributeValues: marshall({
              ':fact': JSON.stringify(fact),
              ':kind': 'rollup',
              ':ttl': ttl,
            }),
          }),
        );
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              pk: REGISTRY_PK,
              sk: `PIPELINE#${fact.pipeline}`,
              kind: 'rollup-pipeline',
              expiresAt: ttl,
            }),
          }),
        );
      } catch (error) {
        throw translateDynamoError(error, 'write delivery rollup');
      }
    },
  };
};

const queryAll = async (
  client: DynamoDBClient,
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const result = await client
      .send(new QueryCommand({ ...input, ExclusiveStartKey: start }))
      .catch((error: unknown) => {
        throw translateDynamoError(error, 'Query delivery rollups');
      });
    items.push(...(result.Items ?? []).map((raw) => unmarshall(raw)));
    start = result.LastEvaluatedKey;
  } while (start);
  return items;
};

const factsOf = (item: Record<string, unknown>): RunFact[] =>
  Object.entries(item)
    .filter(([name]) => name.startsWith(RUN_PREFIX))
    .map(([name, value]) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(value));
      } catch {
        parsed = undefined;
      }
      const fact = runFactSchema.safeParse(parsed);
      if (!fact.success) {
        throw new PipegateError('INTERNAL', 'stored delivery rollup has an unreadable run', {
          details: { pk: String(item.pk), sk: String(item.sk), attribute: name },
        });
      }
      return fact.data;
    });

/** {@link RollupReader} on the pipegate table: Query only. */
export const createDynamoRollupReader = ({ client, tableName }: DynamoRollupOptions): RollupReader => ({
  async pipelines() {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: marshall({ ':pk': REGISTRY_PK, ':prefix': 'PIPELINE#' }),
    });
    return items.map((item) => String(item.sk).slice('PIPELINE#'.length));
  },
  async runs(pipeline, fromDay, toDay) {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: marshall({
        ':pk': rollupPk(pipeline),
        ':from': rollupSk(fromDay),
        ':to': rollupSk(toDay),
      }),
    });
    return items.flatMap(factsOf);
  },
});
