import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { buildEnvelope } from '../local/simulator/envelopes';
import { toSqsBatch } from '../local/simulator/eventbridge-delivery';
import { scriptExecution } from '../local/simulator/execution-script';
import { deliverLikeSqs } from '../local/simulator/sqs-redelivery';
import { startLocalStack } from '../local/stack';
import { configFromEnv } from '../shared/config/load-config';
import { parsePipelineEvent } from '../shared/events/normalise-event';
import { applyEvent } from '../shared/history/apply-event';
import type { ExecutionSummary } from '../shared/history/execution-summary';
import { semanticDigest } from '../shared/history/semantic-key';
import { routeEvent } from '../shared/notify/routing';
import { round, runConcurrently, writeResult } from './support/bench-env';
import { countDynamoCommands } from './support/count-dynamodb-writes';
import { benchPlan } from './support/demo-executions';

const EXECUTIONS = 1_000;
const DUPLICATE_SHARE = 0.3;
const BATCH = 10;
const CONCURRENCY = 4;

type Envelope = Record<string, unknown>;

/** Executions interleaved (as many pipelines run at once), each event possibly swapped with its neighbour. */
const interleave = (runs: Envelope[][]): Envelope[] => {
  const out: Envelope[] = [];
  for (let i = 0; runs.some((run) => i < run.length); i += 1)
    for (const run of runs) if (run[i]) out.push(run[i] as Envelope);
  for (let i = 0; i + 1 < out.length; i += 7)
    [out[i], out[i + 1]] = [out[i + 1] as Envelope, out[i] as Envelope];
  return out;
};

/** Which deliveries moved a summary forward (offline replay of the same order through the same merge). */
const advancingEvents = (deliveries: Envelope[]) => {
  const summaries = new Map<string, ExecutionSummary>();
  const advanced: ReturnType<typeof parsePipelineEvent>[] = [];
  for (const envelope of deliveries) {
    const event = parsePipelineEvent(envelope);
    const digest = semanticDigest(event);
    const current = summaries.get(event.executionId);
    if (current?.seen.includes(digest)) continue;
    const result = applyEvent(current, event, digest);
    summaries.set(event.executionId, result.summary);
    if (result.advanced) advanced.push(event);
  }
  return advanced;
};

const main = async (): Promise<void> => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const dynamo = countDynamoCommands();
  const stack = await startLocalStack();
  const ingest = (await import('../functions/ingest')).handler as (
    event: SQSEvent,
    context: never,
  ) => Promise<unknown>;
  const start = Date.parse('2026-11-20T08:00:00Z');
  const runs = await Promise.all(
    Array.from({ length: EXECUTIONS }, async (_, n) =>
      (await scriptExecution(benchPlan(n, new Date(start + n * 30_000)))).map(buildEnvelope),
    ),
  );
  const unique = interleave(runs);
  const duplicates = unique
    .filter((_, i) => i % Math.round(1 / DUPLICATE_SHARE) === 0)
    .map((envelope, i) => (i % 2 === 0 ? envelope : { ...envelope, id: randomUUID() }));
  const deliveries = interleave([unique, duplicates]);
  const batches = Array.from({ length: Math.ceil(deliveries.length / BATCH) }, (_, i) =>
    deliveries.slice(i * BATCH, (i + 1) * BATCH),
  );

  const began = performance.now();
  await runConcurrently(batches, CONCURRENCY, (batch) =>
    deliverLikeSqs(ingest as never, toSqsBatch(batch, { duplicateShare: 0, reorderShare: 0 })),
  );
  const seconds = (performance.now() - began) / 1000;
  const slackMain = stack.slack.calls();
  const writesMain = dynamo.writes();
  const publishesMain = stack.sns.publishes().length;

  // A final pass of pure re-deliveries: nothing may reach Slack or SNS.
  const replay = unique
    .filter((_, i) => i % 10 === 0)
    .map((envelope, i) => (i % 2 ? envelope : { ...envelope, id: randomUUID() }));
  const replayBatches = Array.from({ length: Math.ceil(replay.length / BATCH) }, (_, i) =>
    replay.slice(i * BATCH, (i + 1) * BATCH),
  );
  await runConcurrently(replayBatches, CONCURRENCY, (batch) =>
    deliverLikeSqs(ingest as never, toSqsBatch(batch, { duplicateShare: 0, reorderShare: 0 })),
  );

  const config = configFromEnv(process.env);
  const advanced = advancingEvents(deliveries);
  const routed = advanced.reduce((sum, event) => sum + routeEvent(config, event).sns.length, 0);
  const byMethod = slackMain.reduce<Record<string, number>>((acc, call) => {
    const key =
      call.method === 'chat.postMessage' && call.args.thread_ts ? 'chat.postMessage (thread)' : call.method;
    acc[key] = (acc[key] ?? 0) + 1;
    return acc;
  }, {});
  const cardCalls = (byMethod['chat.postMessage'] ?? 0) + (byMethod['chat.update'] ?? 0);
  writeResult('notifications', {
    note: 'local stack on one 2-core machine: real ingest handler, dynalite process, Slack/SNS stand-ins over HTTP',
    executions: EXECUTIONS,
    uniqueEvents: unique.length,
    deliveries: deliveries.length,
    duplicateDeliveries: duplicates.length,
    eventsPerSecond: round(deliveries.length / seconds),
    cardChangingEvents: advanced.length,
    slackCalls: { total: slackMain.length, byMethod },
    slackCardCallsPerCardChange: round(cardCalls / advanced.length, 3),
    slackCallsPerCardChange: round(slackMain.length / advanced.length, 3),
    duplicatePass: {
      deliveries: replay.length,
      slackCalls: stack.slack.calls().length - slackMain.length,
      snsPublishes: stack.sns.publishes().length - publishesMain,
      dynamoWrites: dynamo.writes() - writesMain,
    },
    dynamoWritesPerEvent: round(writesMain / unique.length, 2),
    dynamoCommands: dynamo.byCommand(),
    snsPublishes: publishesMain,
    routedEvents: routed,
    snsPublishesPerRoutedEvent: round(publishesMain / routed, 3),
    targets: {
      slackCallsPerCardChange: '<= 1.0',
      slackCallsForDuplicates: 0,
      snsPublishesPerRoutedEvent: 1.0,
    },
  });
  await stack.stop();
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
