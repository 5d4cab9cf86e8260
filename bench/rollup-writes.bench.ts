import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { buildEnvelope } from '../local/simulator/envelopes';
import { scriptExecution } from '../local/simulator/execution-script';
import { dayOf } from '../shared/adapters/dynamodb/keys';
import { createDynamoRollupStore } from '../shared/adapters/dynamodb/rollup-store';
import { parsePipelineEvent } from '../shared/events/normalise-event';
import type { Reaction } from '../shared/history/reaction';
import { recordEvent } from '../shared/history/record-event';
import { silentLog } from '../shared/logging/log';
import { createRollupReaction } from '../shared/metrics/rollup-reaction';
import { runFactOf } from '../shared/metrics/run-fact';
import { InMemoryHistoryStore } from '../test/support/fakes/history-store';
import { memoryRollupTable } from '../test/support/fakes/rollup-table';
import { round, writeResult } from './support/bench-env';
import { type Envelope, inBatches, interleaveRuns, seededRandom } from './support/delivery-order';
import { benchPlan } from './support/demo-executions';

/**
 * Rollup writes per finished run, before and after the registry and late-event guards, for two shapes: the
 * scale benchmark's (1 000 pipelines, one run each, one container) and a realistic day (20 pipelines × 50
 * runs, several containers that are replaced now and then). The real ingest use case (recordEvent) and the
 * real rollup store run over an in-memory table that counts the calls; the events are scripted, swapped and
 * delivered three times like the scale benchmark's. `before` is the code as it was before this change.
 */
interface Shape {
  name: string;
  pipelines: number;
  runsPerPipeline: number;
  stages: string[];
  containers: number;
  /** A container is replaced by a cold one after this many batches (Lambda recycles them). */
  batchesPerContainer: number;
}

const SHAPES: Shape[] = [
  {
    name: 'scale (1 000 pipelines × 1 run, 1 container)',
    pipelines: 1_000,
    runsPerPipeline: 1,
    stages: ['Source', 'Build'],
    containers: 1,
    batchesPerContainer: Number.POSITIVE_INFINITY,
  },
  {
    name: 'realistic day (20 pipelines × 50 runs, 4 containers, recycled every 100 batches)',
    pipelines: 20,
    runsPerPipeline: 50,
    stages: ['Source', 'Build', 'Test', 'Deploy'],
    containers: 4,
    batchesPerContainer: 100,
  },
];
const SWAP_SHARE = 0.2;
const DELIVERIES = 3;
const BATCH = 10;
const DAY_START = Date.parse('2026-11-20T00:30:00Z');

/** The rollup reaction and store before this change: every 'new' final-state event wrote both items. */
const beforeReaction = (client: DynamoDBClient): Reaction => {
  return async (outcome) => {
    if (outcome.outcome !== 'new') return;
    const fact = runFactOf(outcome.summary);
    if (!fact) return;
    await client.send(
      new UpdateItemCommand({
        TableName: 'bench',
        Key: marshall({ pk: `METRICS#${fact.pipeline}`, sk: `DAY#${dayOf(fact.end)}` }),
        UpdateExpression: 'SET #run = :fact, kind = :kind, expiresAt = :ttl',
        ExpressionAttributeNames: { '#run': `run#${fact.id}` },
        ExpressionAttributeValues: marshall({ ':fact': JSON.stringify(fact), ':kind': 'rollup', ':ttl': 1 }),
      }),
    );
    await client.send(
      new PutItemCommand({
        TableName: 'bench',
        Item: marshall({ pk: 'METRICS', sk: `PIPELINE#${fact.pipeline}`, kind: 'rollup-pipeline' }),
      }),
    );
  };
};

const afterReaction = (client: DynamoDBClient): Reaction =>
  createRollupReaction({
    rollups: createDynamoRollupStore({ client, tableName: 'bench', now: () => new Date(DAY_START) }),
    log: silentLog,
  });

const envelopesOf = async (shape: Shape): Promise<Envelope[]> => {
  const random = seededRandom(20_261_203);
  const runs = shape.pipelines * shape.runsPerPipeline;
  const spacing = (22 * 3_600_000) / runs;
  const scripted = await Promise.all(
    Array.from({ length: runs }, async (_, n) =>
      (
        await scriptExecution({
          ...benchPlan(n, new Date(DAY_START + n * spacing), shape.stages),
          pipeline: `p-${n % shape.pipelines}`,
        })
      ).map(buildEnvelope),
    ),
  );
  const { stream } = interleaveRuns(scripted, SWAP_SHARE, random);
  // Every event three times: the copies a few batches later, half with a fresh envelope id.
  return stream
    .flatMap((envelope, index) =>
      Array.from({ length: DELIVERIES }, (_, copy) => ({
        envelope: copy > 0 && random() < 0.5 ? { ...envelope, id: randomUUID() } : envelope,
        at: copy === 0 ? index : index + 1 + random() * 60,
      })),
    )
    .sort((a, b) => a.at - b.at)
    .map((entry) => entry.envelope);
};

const measure = async (shape: Shape, variant: 'before' | 'after', deliveries: Envelope[]) => {
  const table = memoryRollupTable();
  const history = new InMemoryHistoryStore();
  const build = variant === 'before' ? beforeReaction : afterReaction;
  // Each container has its own client and store (its memory of registered pipelines); the table is shared.
  const containers = Array.from({ length: shape.containers }, () => build(new DynamoDBClient({})));
  const batches = inBatches(deliveries, BATCH);
  for (const [index, batch] of batches.entries()) {
    const slot = index % shape.containers;
    if (index > 0 && index % shape.batchesPerContainer === 0)
      containers[slot] = build(new DynamoDBClient({}));
    const reaction = containers[slot] as Reaction;
    for (const envelope of batch) {
      await recordEvent(parsePipelineEvent(envelope), {
        history,
        now: () => new Date(DAY_START),
        beforeSave: reaction,
      });
    }
  }
  const runs = shape.pipelines * shape.runsPerPipeline;
  const day = table.dynamodb.commandCalls(UpdateItemCommand).length;
  const registry = table.dynamodb.commandCalls(PutItemCommand).length;
  const units = { ...table.writeUnits };
  table.dynamodb.reset();
  return {
    dayWrites: day,
    registryWrites: registry,
    // A day item grows with the pipeline's runs that day, and an UpdateItem bills its whole size.
    estimatedWriteUnitsPerRun: round((units.UpdateItem + units.PutItem) / runs, 2),
    writesPerRun: round((day + registry) / runs, 3),
    dayWritesPerRun: round(day / runs, 3),
    registryWritesPerRun: round(registry / runs, 3),
  };
};

const main = async (): Promise<void> => {
  const shapes = [];
  for (const shape of SHAPES) {
    const deliveries = await envelopesOf(shape);
    const events = deliveries.length / DELIVERIES;
    const before = await measure(shape, 'before', deliveries);
    const after = await measure(shape, 'after', deliveries);
    shapes.push({
      shape: shape.name,
      runs: shape.pipelines * shape.runsPerPipeline,
      events,
      before: { ...before, writesPerEvent: round((before.dayWrites + before.registryWrites) / events, 3) },
      after: { ...after, writesPerEvent: round((after.dayWrites + after.registryWrites) / events, 3) },
    });
  }
  writeResult('rollup-writes', {
    note: 'rollup writes (DAY UpdateItem + PIPELINE registry PutItem) per finished run, counted on an in-memory table under the real recordEvent and rollup store; events swapped (20 %) and delivered 3× like the scale benchmark; before = the code before the registry and late-event guards. Write units estimated like DynamoDB bills (the larger of the item before and after, per started KB): a day item holds every run of its pipeline that day, so its writes cost more as the day fills',
    shapes,
  });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
