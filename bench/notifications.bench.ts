import { loadavg } from 'node:os';
import { buildEnvelope } from '../local/simulator/envelopes';
import { toSqsBatch } from '../local/simulator/eventbridge-delivery';
import { scriptExecution } from '../local/simulator/execution-script';
import { deliverLikeSqs } from '../local/simulator/sqs-redelivery';
import { startLocalStack } from '../local/stack';
import { configFromEnv } from '../shared/config/load-config';
import { routeEvent } from '../shared/delivery/routing';
import { parsePipelineEvent } from '../shared/events/normalise-event';
import type { PipelineEvent } from '../shared/events/pipeline-event';
import { round, runConcurrently, writeResult } from './support/bench-env';
import { countCardChangingEvents } from './support/card-changes';
import { countDynamoCommands } from './support/count-dynamodb-writes';
import { countIngestOutcomes } from './support/count-ingest-outcomes';
import { countingFailures } from './support/count-record-failures';
import {
  type Envelope,
  inBatches,
  interleaveRuns,
  redelivery,
  seededRandom,
  withRedeliveries,
} from './support/delivery-order';
import { benchPlan } from './support/demo-executions';
import { cardHistoryStats, slackCallsByMethod } from './support/slack-card-stats';

const EXECUTIONS = 1_000;
/** Re-deliveries added during the replay, as a share of the unique events (half same id, half new id). */
const DUPLICATE_SHARE = 0.3;
/** A re-delivery arrives at most this many deliveries after its original. */
const DUPLICATE_MAX_LAG = 40;
/** Chance that an envelope is swapped with the next one of its run. */
const SWAP_SHARE = 0.2;
/** Runs start this far apart; a run lasts ~80 s, so about 20 are in flight at any time. */
const START_SPACING_MS = 4_000;
/** The final pass of pure re-deliveries, as a share of the unique events. */
const REPLAY_SHARE = 0.1;
const BATCH = 10;
/** Batches in flight at once (the ingest function is concurrent across batches too). */
const CONCURRENCY = 4;
const SEED = 20_261_120;

const NO_CHAOS = { duplicateShare: 0, reorderShare: 0 };
const REPLAY_LOG = 'replaying reactions an earlier delivery did not finish';
const ENDED = new Set(['STOPPED', 'SUPERSEDED', 'CANCELED']);

/** The thread replies the design promises: a failed action, a failed run, a stopped/superseded/canceled run. */
const deservesThreadReply = (event: PipelineEvent): boolean =>
  (event.level === 'action' && event.state === 'FAILED') ||
  (event.level === 'pipeline' && (event.state === 'FAILED' || ENDED.has(event.state)));

const main = async (): Promise<void> => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  // Spies first: the functions build their clients and loggers when imported.
  const dynamo = countDynamoCommands();
  const outcomes = countIngestOutcomes();
  const stack = await startLocalStack();
  const { handler } = await import('../functions/ingest');
  const ingest = countingFailures(handler);
  const config = configFromEnv(process.env);
  const random = seededRandom(SEED);

  const start = Date.parse('2026-11-20T08:00:00Z');
  const runs = await Promise.all(
    Array.from({ length: EXECUTIONS }, async (_, n) =>
      (await scriptExecution(benchPlan(n, new Date(start + n * START_SPACING_MS)))).map(buildEnvelope),
    ),
  );
  const { stream: unique, swaps } = interleaveRuns(runs, SWAP_SHARE, random);
  const { deliveries, duplicates } = withRedeliveries(unique, DUPLICATE_SHARE, DUPLICATE_MAX_LAG, random);
  const events = unique.map((envelope) => parsePipelineEvent(envelope));
  const routedEvents = events.reduce((sum, event) => sum + routeEvent(config, event).sns.length, 0);
  const slackRoutedEvents = events.filter((event) => routeEvent(config, event).slack.length > 0).length;
  const threadRepliesExpected = events.filter(deservesThreadReply).length;

  const deliver = (stream: Envelope[]) =>
    runConcurrently(inBatches(stream, BATCH), CONCURRENCY, (batch) =>
      deliverLikeSqs(ingest.handler, toSqsBatch(batch, NO_CHAOS)),
    );

  const cpuBefore = process.cpuUsage();
  const loadBefore = loadavg();
  const began = performance.now();
  await deliver(deliveries);
  const seconds = (performance.now() - began) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const loadAfter = loadavg();

  const mainPass = {
    outcomes: outcomes.snapshot(),
    slack: stack.slack.calls(),
    publishes: stack.sns.publishes().length,
    dynamo: dynamo.snapshot(),
    failures: ingest.totals(),
  };
  const cards = cardHistoryStats(stack.slack.messages());

  // A final pass of pure re-deliveries of events already processed: nothing may reach Slack, SNS or the table.
  outcomes.reset();
  const replay = unique.filter(() => random() < REPLAY_SHARE).map((envelope) => redelivery(envelope, random));
  await deliver(replay);
  const replayOutcomes = outcomes.snapshot();
  const replayDynamo = dynamo.since(mainPass.dynamo);
  const replaySlackCalls = stack.slack.calls().length - mainPass.slack.length;
  const replayPublishes = stack.sns.publishes().length - mainPass.publishes;

  const byMethod = slackCallsByMethod(mainPass.slack);
  const cardCalls = (byMethod['chat.postMessage'] ?? 0) + (byMethod['chat.update'] ?? 0);
  const cardChangingEvents = countCardChangingEvents(deliveries);
  const newEvents = mainPass.outcomes.new;
  // Only priority updates claim their render (each won claim sent one chat.update); intermediate updates
  // read where the card is and send without a claim, as do re-sends of the latest after a newer claim.
  const items = mainPass.dynamo.writesByItem;
  const refused = mainPass.dynamo.conditionalFailures;
  const renderClaimsWon = (items['UpdateItem card'] ?? 0) - (refused['UpdateItem card'] ?? 0) - cards.cards;
  writeResult('notifications', {
    note:
      'local stack on one 2-core machine: the real ingest handler in this process (one container, batches of 10, ' +
      `${CONCURRENCY} batches in flight), a dynalite process, Slack/SNS stand-ins over HTTP in this process`,
    executions: EXECUTIONS,
    events: unique.length,
    deliveries: deliveries.length,
    duplicates,
    duplicateShareOfDeliveries: round(duplicates / deliveries.length, 3),
    swappedPairs: swaps,
    eventsPerSecond: round(deliveries.length / seconds),
    seconds: round(seconds, 1),
    benchProcessCpuShare: round((cpu.user + cpu.system) / 1e6 / seconds, 2),
    loadAverage1m: { before: round(loadBefore[0] ?? 0), after: round(loadAfter[0] ?? 0) },
    outcomes: {
      new: mainPass.outcomes.new,
      stale: mainPass.outcomes.stale,
      duplicate: mainPass.outcomes.duplicate,
      staleByKind: mainPass.outcomes.staleByKind,
    },
    reactionReplays: mainPass.outcomes.info[REPLAY_LOG] ?? 0,
    reactionReplaysNote:
      're-deliveries that arrived while the first delivery was still reacting (its reacted mark not written ' +
      'yet), so they ran the reactions again; the claims keep that from sending twice',
    handlerInfo: mainPass.outcomes.info,
    handlerWarnings: mainPass.outcomes.warnings,
    sqs: mainPass.failures,
    cardChangingEvents,
    cardChangingEventsNote:
      'events whose card render differs from the previous one: the delivered stream replayed offline through ' +
      "ingest's applyEvent and renderExecutionCard (an estimate: concurrent batches apply a run's events in a " +
      "slightly different order); 'new' events are all those the notification reaction acts on",
    newEvents,
    slackRoutedEvents,
    slackCalls: { total: mainPass.slack.length, byMethod },
    slackCallsPerCardChange: round(mainPass.slack.length / cardChangingEvents, 3),
    slackCardCallsPerCardChange: round(cardCalls / cardChangingEvents, 3),
    slackCallsPerNewEvent: round(mainPass.slack.length / newEvents, 3),
    cards: {
      ...cards,
      priorityRenderClaimsWon: renderClaimsWon,
      updatesWithoutClaim: (byMethod['chat.update'] ?? 0) - renderClaimsWon,
    },
    threadReplies: { sent: byMethod['chat.postMessage (thread)'] ?? 0, expected: threadRepliesExpected },
    slackCallsForDuplicatePass: replaySlackCalls,
    dynamoWritesPerEvent: round(mainPass.dynamo.writes / unique.length, 2),
    dynamoWrites: mainPass.dynamo.writes,
    dynamoWritesByItem: mainPass.dynamo.writesByItem,
    dynamoConditionalFailures: mainPass.dynamo.conditionalFailures,
    dynamoCommands: mainPass.dynamo.byCommand,
    dynamoWritesForDuplicatePass: replayDynamo.writes,
    duplicatePass: {
      deliveries: replay.length,
      outcomes: { new: replayOutcomes.new, stale: replayOutcomes.stale, duplicate: replayOutcomes.duplicate },
      slackCalls: replaySlackCalls,
      snsPublishes: replayPublishes,
      dynamoWrites: replayDynamo.writes,
      dynamoCommands: replayDynamo.byCommand,
    },
    snsPublishes: mainPass.publishes,
    routedEvents,
    snsPublishesPerRoutedEvent: round(mainPass.publishes / routedEvents, 3),
    targets: {
      slackCallsPerCardChange: '<= 1.0',
      slackCallsForDuplicatePass: 0,
      snsPublishesPerRoutedEvent: 1.0,
    },
  });
  await stack.stop();
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
