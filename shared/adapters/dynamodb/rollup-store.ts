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
 * A day item may carry `registeredUntil`: the pipeline's registry entry was written, and lives until then
 * (epoch seconds). Items without it (older ones, or one whose registry write did not happen) are read the same.
 */
const rollupPk = (pipeline: string): string => `METRICS#${pipeline}`;
const rollupSk = (day: string): string => `DAY#${day}`;
const REGISTRY_PK = 'METRICS';
const RUN_PREFIX = 'run#';

/** A registry entry outlives the day items written this many days after it, so it is re-written rarely. */
const REGISTRY_MARGIN_DAYS = 30;
/** Pipelines whose registration one container remembers (the oldest is forgotten first). */
const REMEMBERED_PIPELINES = 5_000;

export interface DynamoRollupOptions {
  client: DynamoDBClient;
  tableName: string;
  retention?: Retention;
  now?: () => Date;
}

/**
 * {@link RollupStore} on the pipegate table. Recording a run is one UpdateItem of its day item (`SET #run =
 * :fact`, so a re-delivery writes the same value again), plus a PutItem of the pipeline's registry entry only
 * when it can be missing or expire before the day item.
 *
 * How it knows, without a read: the container remembers the registry entries it wrote (with their expiry), and
 * writes that expiry into the day item as `registeredUntil`. When it does not remember the pipeline, the day
 * UpdateItem returns the old item (ALL_OLD: no extra capacity, unlike a read) and a `registeredUntil` that
 * outlives the day item proves the entry is there. Otherwise the entry is put after the day item. A crash in
 * between leaves a day item without `registeredUntil` (the day write never claims a registration it did not
 * see), so the re-delivery — or the next run of that pipeline — puts the entry then. The registry write is not
 * conditional: a refused conditional write bills as much as a put.
 */
export const createDynamoRollupStore = (options: DynamoRollupOptions): RollupStore => {
  const { client, tableName } = options;
  const now = options.now ?? (() => new Date());
  const days = options.retention?.historyDays ?? 400;
  const registered = new Map<string, number>();
  const remember = (pipeline: string, until: number): void => {
    registered.set(pipeline, until);
    if (registered.size > REMEMBERED_PIPELINES) registered.delete(registered.keys().next().value as string);
  };

  const writeDay = async (fact: RunFact, ttl: number, registeredUntil: number | undefined) => {
    const result = await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall({ pk: rollupPk(fact.pipeline), sk: rollupSk(dayOf(fact.end)) }),
        UpdateExpression: `SET #run = :fact, kind = :kind, expiresAt = :ttl${
          registeredUntil === undefined ? '' : ', registeredUntil = :registeredUntil'
        }`,
        ExpressionAttributeNames: { '#run': `${RUN_PREFIX}${fact.id}` },
        ExpressionAttributeValues: marshall({
          ':fact': JSON.stringify(fact),
          ':kind': 'rollup',
          ':ttl': ttl,
          ...(registeredUntil === undefined ? {} : { ':registeredUntil': registeredUntil }),
        }),
        // Only when the registration is not known: the old item tells whether it was seen before.
        ReturnValues: registeredUntil === undefined ? 'ALL_OLD' : 'NONE',
      }),
    );
    const old = result.Attributes ? unmarshall(result.Attributes) : {};
    return typeof old.registeredUntil === 'number' ? old.registeredUntil : 0;
  };

  return {
    async record(fact: RunFact) {
      const ttl = expiresAt(now(), days);
      const known = registered.get(fact.pipeline);
      try {
        if (known !== undefined && known >= ttl) {
          await writeDay(fact, ttl, known);
          return;
        }
        const seen = await writeDay(fact, ttl, undefined);
        if (seen >= ttl) {
          remember(fact.pipeline, seen);
          return;
        }
        const until = expiresAt(now(), days + REGISTRY_MARGIN_DAYS);
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              pk: REGISTRY_PK,
              sk: `PIPELINE#${fact.pipeline}`,
              kind: 'rollup-pipeline',
              expiresAt: until,
            }),
          }),
        );
        remember(fact.pipeline, until);
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
