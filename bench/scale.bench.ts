import { randomUUID } from 'node:crypto';
import { buildEnvelope } from '../local/simulator/envelopes';
import { toSqsBatch } from '../local/simulator/eventbridge-delivery';
import { scriptExecution } from '../local/simulator/execution-script';
import { deliverLikeSqs } from '../local/simulator/sqs-redelivery';
import { startLocalStack } from '../local/stack';
import { EVENTS_PER_PAGE } from '../shared/history/execution-summary';
import { createSummaryCache } from '../shared/history/summary-cache';
import { ingestEnvelope } from '../shared/ingest/ingest-envelope';
import { silentLog } from '../shared/logging/log';
import { round, runConcurrently, writeResult } from './support/bench-env';
import { cardChanges, cardStaleness } from './support/card-staleness';
import { countDynamoCommands } from './support/count-dynamodb-writes';
import { countingFailures } from './support/count-record-failures';
import { type Envelope, inBatches, interleaveRuns, seededRandom } from './support/delivery-order';
import { benchPlan } from './support/demo-executions';
import { slackCallsByMethod } from './support/slack-card-stats';
import { useVirtualDate } from './support/virtual-date';
import { writeFloor } from './support/write-floor';
import { countWriteUnits, itemSize } from './support/write-units';

/** SCALE_PIPELINES overrides it for a quick smoke run; results are only meaningful at 1 000. */
const PIPELINES = Number(process.env.SCALE_PIPELINES ?? 1_000);
/** Each event delivered this many times (at-least-once delivery at its worst). */
const DELIVERIES_PER_EVENT = 3;
/** One run per pipeline, spread over an hour: ~25 runs in flight at any time. */
const START_SPACING_MS = 3_600;
const SWAP_SHARE = 0.2;
const BATCH = 10;
const CONCURRENCY = 4;
const LONG_RUN_EVENTS = 5_000;
const SEED = 20_261_202;
/** Stages per run (4 ≈ 16 events); SCALE_STAGES=2 halves the events to fit a slower machine. */
const STAGES = ['Source', 'Build', 'Test', 'Deploy'].slice(0, Number(process.env.SCALE_STAGES ?? 4));
/** A failed record is redelivered after n × this (SQS's visibility timeout is minutes; the replay's clock moves on). */
const REDELIVERY_BACKOFF_MS = 1_000;
const NO_CHAOS = { duplicateShare: 0, reorderShare: 0 };
const name = (n: number) => `scale-${String(n).padStart(4, '0')}`;

/** Every envelope `times` times: copies a few batches later, half with a fresh envelope id. */
const repeated = (unique: readonly Envelope[], times: number, random: () => number): Envelope[] => {
  const placed = unique.flatMap((envelope, index) =>
    Array.from({ length: times }, (_, copy) => ({
      envelope: copy > 0 && random() < 0.5 ? { ...envelope, id: randomUUID() } : envelope,
      at: copy === 0 ? index : index + 1 + random() * 60,
    })),
  );
  return placed.sort((a, b) => a.at - b.at).map((entry) => entry.envelope);
};

const main = async (): Promise<void> => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  // The virtual clock: the time of the newest event delivered so far, plus real time since (1:1). Slack's
  // limits run on it, so an hour of traffic replays in minutes while every limit still holds per virtual
  // second; processing, retries and Retry-After waits count as long as they really took (an earlier run
  // sped the clock up 20× between deliveries, which inflated every staleness figure 20×).
  let eventClock = Date.parse('2026-11-20T08:00:00Z');
  let since = performance.now();
  const virtualNow = () => eventClock + (performance.now() - since);
  const advanceTo = (time: number) => {
    const now = virtualNow();
    eventClock = Math.max(now, time);
    since = performance.now();
  };
  // The service lives on the same clock as Slack's limits: every `new Date()` and `Date.now()` in this
  // process reads the virtual clock. Before, only the Slack stand-in did, so what the service times itself
  // (the summary cache's 5 s, the rate gate's refill estimate, claim ages) ran up to 20× slower than the
  // traffic: a run's events 5 s apart found their summary cached, which production would not.
  const realDate = useVirtualDate(virtualNow);
  const dynamo = countDynamoCommands();
  const wcu = countWriteUnits();
  const stack = await startLocalStack({ slack: { rateLimits: true, now: virtualNow } });
  const { handler } = await import('../functions/ingest');
  const ingest = countingFailures(handler);
  const random = seededRandom(SEED);

  const start = eventClock;
  const runs = await Promise.all(
    Array.from({ length: PIPELINES }, async (_, n) =>
      (
        await scriptExecution({
          ...benchPlan(n, new Date(start + n * START_SPACING_MS), STAGES),
          pipeline: name(n),
        })
      ).map(buildEnvelope),
    ),
  );
  const { stream: unique } = interleaveRuns(runs, SWAP_SHARE, random);
  const deliveries = repeated(unique, DELIVERIES_PER_EVENT, random);
  const delivered: Array<{ envelope: Envelope; at: number; callsBefore: number }> = [];
  const seen = new Set<string>();

  const began = performance.now();
  let lastLog = began;
  await runConcurrently(inBatches(deliveries, BATCH), CONCURRENCY, async (batch) => {
    const times = batch.map((envelope) => Date.parse(String(envelope.time)));
    advanceTo(Math.max(...times));
    const at = virtualNow();
    const callsBefore = stack.slack.calls().length;
    for (const envelope of batch) {
      const key = JSON.stringify([envelope.detail, envelope['detail-type']]);
      if (seen.has(key)) continue;
      seen.add(key);
      delivered.push({ envelope, at, callsBefore });
    }
    await deliverLikeSqs(ingest.handler, toSqsBatch(batch, NO_CHAOS), 5, REDELIVERY_BACKOFF_MS);
    if (performance.now() - lastLog > 30_000) {
      lastLog = performance.now();
      console.error(
        `… ${delivered.length}/${unique.length} events... virtual ${Math.round((virtualNow() - start) / 60_000)} min`,
      );
    }
  });
  const seconds = (performance.now() - began) / 1000;
  const virtualMinutes = (virtualNow() - start) / 60_000;

  const counts = dynamo.snapshot();
  const events = unique.length;
  const reads = (counts.byCommand.GetItemCommand ?? 0) + (counts.byCommand.QueryCommand ?? 0);
  const calls = stack.slack.calls();
  const byMethod = slackCallsByMethod(calls.filter((call) => call.status !== 429));
  const limited = calls.filter((call) => call.status === 429);
  const changes = cardChanges(delivered);
  const staleness = cardStaleness(changes, calls, stack.slack.messages());
  const cardCalls = (byMethod['chat.postMessage'] ?? 0) + (byMethod['chat.update'] ?? 0);

  // The floor: one event put and one summary put per event, at the sizes this run wrote (see write-floor).
  const floor = writeFloor(wcu.lastImage);
  const floorPerEvent = floor.unitsPerEvent;
  const summaries = [...wcu.lastSize].filter(([key]) => key.endsWith('|SUMMARY')).map(([, size]) => size);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
  const wcuPerEvent = wcu.total / events;
  // Taken now: the 5 000-event run below writes through the same spies.
  const writeUnits = { total: wcu.total, table: wcu.table, byIndex: { ...wcu.byIndex } };
  const indexWrites = [...wcu.indexWritesByPartition.values()].reduce((sum, n) => sum + n, 0);
  const hottest = [...wcu.indexWritesByPartition].sort((a, b) => b[1] - a[1]).slice(0, 5);

  // One execution with 5 000 events (retries of the same stages): the summary item must not grow.
  const longPlan = { ...benchPlan(1, new Date(virtualNow())), pipeline: name(9_999) };
  const longRun = (await scriptExecution(longPlan)).map(buildEnvelope);
  const longStream = Array.from({ length: LONG_RUN_EVENTS }, (_, n) => {
    const envelope = longRun[n % longRun.length] as Envelope;
    const attempt = 1 + Math.floor(n / longRun.length);
    return {
      ...envelope,
      id: randomUUID(),
      detail: { ...(envelope.detail as object), 'pipeline-execution-attempt': attempt },
    };
  });
  const { executionId } = longPlan;
  let after50 = 0;
  const summarySize = async () =>
    itemSize(
      (
        await stack.dynamodb.send(
          new (
            await import('@aws-sdk/client-dynamodb')
          ).GetItemCommand({
            TableName: stack.env.PIPEGATE_TABLE,
            Key: { pk: { S: `EXEC#${executionId}` }, sk: { S: 'SUMMARY' } },
          }),
        )
      ).Item ?? {},
    );
  // Through ingest's record path on the same table, without reactions: this part measures the item.
  const recordOnly = {
    history: stack.history,
    log: silentLog,
    now: () => new Date(),
    cache: createSummaryCache(),
  };
  // The item's largest size over the last window cycle (the window fills and empties every 8 events), so
  // both points compare the same full window: growth, not where in the cycle the count stopped.
  let after5000 = 0;
  const cycleOf = (end: number, n: number) => n + 1 > end - EVENTS_PER_PAGE && n + 1 <= end;
  for (const [n, envelope] of longStream.entries()) {
    await ingestEnvelope(envelope, 'bench', recordOnly);
    if (cycleOf(50, n)) after50 = Math.max(after50, await summarySize());
    if (cycleOf(LONG_RUN_EVENTS, n)) after5000 = Math.max(after5000, await summarySize());
  }

  realDate();
  writeResult(STAGES.length === 4 ? 'scale' : `scale-${STAGES.length}-stages`, {
    note:
      'local stack on one shared 2-core machine: the real ingest handler (one container, batches of 10, ' +
      `${CONCURRENCY} in flight), dynalite, Slack stand-in enforcing Slack's published limits on a virtual ` +
      'clock (the newest delivered event time plus real time since), so an hour of traffic replays in minutes',
    stalenessMethod:
      'virtual seconds from the start of the batch that first delivered a card-changing event to the first ' +
      'card call Slack took for its execution after that (renders are of the newest summary, so that call ' +
      'shows it). The clock is event time plus real time since the newest delivery, 1:1: processing, ' +
      'redeliveries and Retry-After waits count as long as they took; quiet time between events is event time',
    pipelines: PIPELINES,
    stagesPerRun: STAGES.length,
    events,
    deliveries: deliveries.length,
    deliveriesPerEvent: DELIVERIES_PER_EVENT,
    virtualMinutes: round(virtualMinutes, 1),
    seconds: round(seconds, 1),
    sqs: ingest.totals(),
    dynamo: {
      writesPerEvent: round(counts.writes / events, 2),
      readsPerEvent: round(reads / events, 2),
      writesByItem: counts.writesByItem,
      conditionalFailures: counts.conditionalFailures,
      commands: counts.byCommand,
      estimatedWriteUnits: round(writeUnits.total),
      estimatedWriteUnitsTable: round(writeUnits.table),
      estimatedWriteUnitsByIndex: writeUnits.byIndex,
      writeUnitsNote:
        'as DynamoDB bills them: each table write ceil(max(old, new item size) / 1 KB), a refused conditional ' +
        'write included; each index entry added, changed or removed ceil(entry size / 1 KB), a moved key twice ' +
        '(projections from infra/table.yml); the floor is one event put and one summary put at this run’s sizes: ' +
        'each event as its own history item and the summary without its window of recent events',
      writeUnitsPerEvent: round(wcuPerEvent, 2),
      floorWriteUnitsPerEvent: floorPerEvent,
      writeUnitsVsFloor: round(wcuPerEvent / floorPerEvent, 2),
      meanSummaryBytes: Math.round(mean(summaries)),
      meanSummaryBytesWithoutWindow: Math.round(floor.meanSummaryBytes),
      meanEventItemBytes: Math.round(floor.meanEventItemBytes),
    },
    indexWrites: {
      total: indexWrites,
      partitions: wcu.indexWritesByPartition.size,
      maxSharePerPartition: round((hottest[0]?.[1] ?? 0) / Math.max(1, indexWrites), 4),
      hottest: Object.fromEntries(hottest),
    },
    summaryItemBytes: {
      method: `largest summary item over the ${EVENTS_PER_PAGE} events up to each point (a full window of recent events)`,
      after50Events: after50,
      after5000Events: after5000,
      ratio: round(after5000 / after50, 3),
    },
    slack: {
      callsByMethod: byMethod,
      rateLimited429: limited.length,
      rateLimitedByMethod: slackCallsByMethod(limited),
      cardChangingEvents: changes.length,
      cardCallsPerCardChange: round(cardCalls / Math.max(1, changes.length), 3),
      chatUpdatePerVirtualMinute: round((byMethod['chat.update'] ?? 0) / Math.max(1, virtualMinutes), 1),
      staleness,
    },
    targets: {
      writeUnitsVsFloor: '<= 1.5',
      writesPerEvent: '<= 2.0',
      readsPerEvent: '<= 1.0',
      summaryGrowth: '<= 1.2',
      maxSharePerPartition: '<= 0.05',
      cardCallsPerCardChange: '<= 1.0',
      stalenessP99Seconds: { priority: 10, intermediate: 60 },
      lostFinalStates: 0,
      unhandled429s: 0,
    },
  });
  await stack.stop();
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
