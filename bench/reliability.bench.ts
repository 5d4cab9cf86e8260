import { cpus, loadavg } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { approvalOnlyPlan } from '../local/simulator/approval-plans';
import { definePipelines, standInApprovalGate } from '../local/simulator/codepipeline-gate';
import { buildEnvelope } from '../local/simulator/envelopes';
import { playExecution } from '../local/simulator/execution-script';
import { clickSlackButton } from '../local/slack-click';
import { startLocalStack } from '../local/stack';
import { startDynamoFaultProxy } from '../local/standins/dynamodb-fault-proxy';
import { createDynamoApprovalStore } from '../shared/adapters/dynamodb/approval-store';
import { DEFAULT_RETENTION } from '../shared/config/retention';
import { deliverWithRetries, type IngestHandler } from '../test/faults/support/deliver';
import { envelopesOf, failingBuildPlan } from '../test/faults/support/plans';
import { worldOf } from '../test/faults/support/world';
import { waitFor } from '../test/integration/support/local-harness';
import { benchTable, percentile, round, writeResult } from './support/bench-env';
import { deliverConcurrently } from './support/concurrent-delivery';
import { ingestContainers } from './support/ingest-containers';
import { seededRandom } from './support/seeded-random';
import { useVirtualDate } from './support/virtual-date';

// 200 pipelines with concurrent runs through the local stack (real ingest and decider handlers, stand-ins,
// dynalite behind a fault proxy), every event delivered 3× and all shuffled together, in batches of 10 to
// several ingest containers at once, under a stated fault mix spread over the run; then approvals clicked
// while CodePipeline answers in 2.5 s. Targets: 0 lost, 0 duplicated, every summary as in a clean run,
// exactly one decision per approval, every Slack ack < 3 s.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const PIPELINES = Number(process.env.RELIABILITY_PIPELINES ?? 200);
const APPROVALS = Number(process.env.RELIABILITY_APPROVALS ?? 20);
// Lambda's SQS pollers start with 5 concurrent batches; each runs in its own container.
const CONTAINERS = Number(process.env.RELIABILITY_CONTAINERS ?? 5);
/** The ingest queue's visibility timeout (infra/resources/data.yml): how much later SQS hands a failed record back. */
const VISIBILITY_TIMEOUT_MS = 360_000;
const COPIES = 3;
const MAX_RECEIVES = 8;
/** Faults met while ingesting, each injected before a randomly chosen batch of the first receive. */
const INGEST_FAULTS = {
  slackPostMessage5xx: 40,
  slackPostMessage429Long: 10,
  slackPostMessageRatelimited: 20,
  slackUpdate429Short: 40,
  snsPublishThrottling: 40,
  snsPublish5xx: 20,
};
const DYNAMO_THROTTLE_SHARE = 0.05;
/** DynamoDB stopped (connection refused, open connections cut) for this many invocations, then back. */
const DYNAMO_OUTAGE_BATCHES = 5;
const DECISION_FAULTS = {
  putApprovalResultThrottling: 10,
  putApprovalResultAppliedResponseLost: 3,
  getPipelineState5xx: 5,
};
const CODEPIPELINE_LATENCY_MS = 2_500;

/** Notifications a run lacks, and has beyond, compared with the clean run's (as multisets). */
const compareSent = (want: readonly string[], got: readonly string[]) => {
  const left = [...got];
  let missing = 0;
  for (const kind of want) {
    const index = left.indexOf(kind);
    if (index < 0) missing += 1;
    else left.splice(index, 1);
  }
  return { missing, extra: left.length };
};

const main = async () => {
  const table = await benchTable('pipegate-reliability');
  const proxy = await startDynamoFaultProxy(table.dynalite.endpoint);
  const stack = await startLocalStack({ dynamoEndpoint: proxy.url, tableName: table.tableName });
  const direct = new DynamoDBClient({ endpoint: table.dynalite.endpoint });
  const containers = ingestContainers(CONTAINERS);
  const ingest = containers[0] as IngestHandler;

  // A clean run of the same plan: what every faulted run's summary and notifications must equal.
  const cleanPlan = failingBuildPlan('prod-load-clean-run');
  const cleanEnvelopes = await envelopesOf(cleanPlan);
  await deliverWithRetries(ingest, cleanEnvelopes);
  const clean = await worldOf(stack, { ...cleanPlan, envelopes: cleanEnvelopes, client: direct });

  // Ingest: every pipeline's run at once, 3× delivery, all shuffled together, faults spread over the run.
  const runs = await Promise.all(
    Array.from({ length: PIPELINES }, async (_, index) => {
      const plan = failingBuildPlan(`prod-load-${index}-run`);
      return { plan, envelopes: await envelopesOf(plan) };
    }),
  );
  const envelopes = runs.flatMap((run) => run.envelopes);
  const firstReceiveBatches = Math.ceil((envelopes.length * COPIES) / 10);
  const random = seededRandom(11);
  const faultAt = new Map<number, (() => void)[]>();
  const at = (batch: number, inject: () => void) =>
    faultAt.set(batch, [...(faultAt.get(batch) ?? []), inject]);
  // Spread over the first 80 % of the first receive, so every fault is met while events still flow.
  const someBatch = () => 1 + Math.floor(random() * firstReceiveBatches * 0.8);
  const times = (count: number, inject: () => void) => {
    for (let index = 0; index < count; index += 1) at(someBatch(), inject);
  };
  const { slack, sns } = stack;
  times(INGEST_FAULTS.slackPostMessage5xx, () => slack.injectFault('chat.postMessage', { status: 500 }));
  times(INGEST_FAULTS.slackPostMessage429Long, () =>
    slack.injectFault('chat.postMessage', { status: 429, retryAfter: 120 }),
  );
  times(INGEST_FAULTS.slackPostMessageRatelimited, () =>
    slack.injectFault('chat.postMessage', { error: 'ratelimited' }),
  );
  times(INGEST_FAULTS.slackUpdate429Short, () =>
    slack.injectFault('chat.update', { status: 429, retryAfter: 1 }),
  );
  times(INGEST_FAULTS.snsPublishThrottling, () =>
    sns.injectFault('Publish', { status: 400, code: 'Throttling' }),
  );
  times(INGEST_FAULTS.snsPublish5xx, () =>
    sns.injectFault('Publish', { status: 500, code: 'InternalError' }),
  );
  const outageFrom = Math.floor(firstReceiveBatches * 0.4);
  proxy.throttle({ throttleShare: DYNAMO_THROTTLE_SHARE, random: seededRandom(12) });

  const before = {
    posts: stack.slack.calls('chat.postMessage').length,
    updates: stack.slack.calls('chat.update').length,
    publishes: stack.sns.publishes().length,
  };
  const ingestStarted = performance.now();
  // SQS hands a failed record back after its visibility timeout: the service's clock moves on by that much at
  // every receive, as it would. Before, receives followed each other within seconds, so a record waiting for a
  // young `sending` mark to settle (one a failed delivery could not write, see held-delivery-marks.test.ts)
  // met it young at every receive and went to the DLQ (1 run in 6 on 3 Dec), which SQS would not do.
  let receiveOffsetMs = 0;
  let currentReceive = 1;
  const restoreDate = useVirtualDate(() => performance.timeOrigin + performance.now() + receiveOffsetMs);
  const delivery = await deliverConcurrently(containers, envelopes, {
    copies: COPIES,
    random,
    maxReceives: MAX_RECEIVES,
    beforeBatch: async (batch, receive) => {
      if (receive > currentReceive) {
        receiveOffsetMs += (receive - currentReceive) * VISIBILITY_TIMEOUT_MS;
        currentReceive = receive;
      }
      for (const inject of receive === 1 ? (faultAt.get(batch) ?? []) : []) inject();
      if (receive === 1 && batch === outageFrom) await proxy.stop();
      if (receive === 1 && batch === outageFrom + DYNAMO_OUTAGE_BATCHES) await proxy.start();
    },
  });
  restoreDate();
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  const dynamoThrottles = proxy.injected();
  // Calls made while ingesting, for the fault rates.
  const posts = stack.slack.calls('chat.postMessage').length - before.posts;
  const updates = stack.slack.calls('chat.update').length - before.updates;
  const publishes = stack.sns.publishes().length - before.publishes;
  proxy.throttle({ throttleShare: 0, random: Math.random });

  let lost = 0;
  let duplicates = 0;
  let stuck = 0;
  let summariesUnlikeClean = 0;
  let notificationsMissing = 0;
  let extraNotifications = 0;
  for (const run of runs) {
    const world = await worldOf(stack, { ...run.plan, envelopes: run.envelopes, client: direct });
    lost += world.lost.length;
    duplicates += world.duplicateMessages.length + world.duplicateEmails.length;
    stuck += world.stuckSending.length;
    if (world.summary !== clean.summary) summariesUnlikeClean += 1;
    const compared = compareSent(clean.sent, world.sent);
    notificationsMissing += compared.missing;
    extraNotifications += compared.extra;
  }

  // Approvals: clicked while CodePipeline is slow and throttles some calls.
  stack.codepipeline.setLatency(CODEPIPELINE_LATENCY_MS);
  stack.codepipeline.injectFault(
    'PutApprovalResult',
    { name: 'ThrottlingException', status: 400 },
    DECISION_FAULTS.putApprovalResultThrottling,
  );
  stack.codepipeline.injectFault(
    'PutApprovalResult',
    { name: 'InternalServiceError', status: 500, afterApplying: true },
    DECISION_FAULTS.putApprovalResultAppliedResponseLost,
  );
  stack.codepipeline.injectFault(
    'GetPipelineState',
    { name: 'InternalServiceError', status: 500 },
    DECISION_FAULTS.getPipelineState5xx,
  );
  const approvals = createDynamoApprovalStore({
    client: direct,
    tableName: table.tableName,
    retention: DEFAULT_RETENTION,
  });
  const gate = standInApprovalGate(stack.codepipeline);
  const acks: number[] = [];
  let approvalEventsInDlq = 0;
  const plans = Array.from({ length: APPROVALS }, () => approvalOnlyPlan());
  definePipelines(stack.codepipeline, plans);
  await Promise.all(
    plans.map(async (plan) => {
      const played = (async () => {
        for await (const spec of playExecution(plan, gate)) {
          const delivered = await deliverWithRetries(ingest, [
            buildEnvelope({ ...spec, time: new Date().toISOString() }),
          ]);
          approvalEventsInDlq += delivered.dlq.length;
        }
      })();
      // The request as posted, read from its approval record: polling the Slack stand-in's message list
      // (thousands of cards by now, copied on every read) would load this process, which also serves the
      // clicks, and the acks would measure the bench instead of pipegate.
      const record = await waitFor(async () => {
        const found = (await approvals.listForExecution(plan.executionId))[0];
        return found?.slackMessages[0] ? found : undefined;
      });
      const message = record.slackMessages[0];
      const click = (userId: string) =>
        clickSlackButton({
          apiUrl: stack.api.url,
          signingSecret: stack.env.SLACK_SIGNING_SECRET as string,
          userId,
          actionId: 'pipegate.approve',
          value: JSON.stringify({ e: plan.executionId, a: record.approvalId }),
          channel: message?.channel ?? '',
          messageTs: message?.ts ?? '',
        });
      // Two approvers at once: exactly one decision, both answered in time.
      const timed = async (userId: string) => {
        const started = performance.now();
        await click(userId);
        acks.push(performance.now() - started);
      };
      await Promise.all([timed('U0JANE001'), timed('U0SAM0002')]);
      await played;
    }),
  );
  await stack.lambda.idle();
  const decisions = plans.map(
    (plan) => stack.codepipeline.approvalResults().filter((r) => r.executionId === plan.executionId).length,
  );
  const sortedAcks = [...acks].sort((a, b) => a - b);
  const maxAck = sortedAcks.at(-1) ?? 0;
  const snsFaults = INGEST_FAULTS.snsPublishThrottling + INGEST_FAULTS.snsPublish5xx;
  const postFaults =
    INGEST_FAULTS.slackPostMessage5xx +
    INGEST_FAULTS.slackPostMessage429Long +
    INGEST_FAULTS.slackPostMessageRatelimited;
  const dynamoFaults = Object.values(dynamoThrottles).reduce((sum, count) => sum + count, 0);
  const percent = (part: number, whole: number) => `${round((100 * part) / Math.max(1, whole), 1)} %`;
  writeResult('reliability', {
    setup: {
      pipelines: PIPELINES,
      delivery:
        `${COPIES}× every event, all pipelines' runs shuffled together, batches of 10 to ${CONTAINERS} ` +
        `ingest containers at once; failed records received again (after every invocation of the receive ` +
        `ended, as SQS's visibility timeout does, with the service's clock moved on by that timeout) up to ` +
        `${MAX_RECEIVES} times, then the DLQ`,
      containers: CONTAINERS,
      approvals: APPROVALS,
      codePipelineLatencyMs: CODEPIPELINE_LATENCY_MS,
      machine: `${cpus().length} cores, shared; load average ${loadavg()[0]?.toFixed(2)} at the end`,
    },
    events: envelopes.length,
    recordsReceived: delivery.received,
    invocations: delivery.batches,
    redeliveredPerReceive: delivery.redelivered,
    ingestSeconds: round(ingestSeconds),
    faultsInjected: {
      dynamoThrottles,
      dynamoOutage: `stopped before invocation ${outageFrom}, back before ${outageFrom + DYNAMO_OUTAGE_BATCHES} (connection refused, open connections cut)`,
      ...INGEST_FAULTS,
      ...DECISION_FAULTS,
    },
    faultRate: {
      dynamoCalls: `${DYNAMO_THROTTLE_SHARE * 100} % of calls throttled (${dynamoFaults})`,
      slackPostMessage: `${percent(postFaults, posts)} of ${posts} calls`,
      slackUpdate: `${percent(INGEST_FAULTS.slackUpdate429Short, updates)} of ${updates} calls`,
      snsPublish: `${percent(snsFaults, publishes + snsFaults)} of ${publishes + snsFaults} calls`,
    },
    historyRowsLost: lost,
    duplicatesSent: duplicates,
    stuckSendingMarks: stuck,
    summariesUnlikeCleanRun: summariesUnlikeClean,
    notificationsMissing,
    notificationsBeyondCleanRun: extraNotifications,
    dlq: delivery.dlq.length + approvalEventsInDlq + stack.lambda.failed().length,
    decisionsPerApproval: { min: Math.min(...decisions), max: Math.max(...decisions) },
    slackAckMs: {
      samples: acks.length,
      p50: round(percentile(sortedAcks, 50)),
      p99: round(percentile(sortedAcks, 99)),
      max: round(maxAck),
    },
    targetsMet:
      lost === 0 &&
      duplicates === 0 &&
      extraNotifications === 0 &&
      notificationsMissing <= stuck &&
      summariesUnlikeClean === 0 &&
      delivery.dlq.length + approvalEventsInDlq + stack.lambda.failed().length === 0 &&
      decisions.every((d) => d === 1) &&
      maxAck < 3_000,
  });
  await stack.stop();
  await proxy.close();
  direct.destroy();
  table.client.destroy();
  await table.dynalite.close();
};

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
