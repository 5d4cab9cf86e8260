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
import { sleep } from '../shared/runtime/sleep';
import { deliverWithRetries, type IngestHandler } from '../test/faults/support/deliver';
import { envelopesOf, failingBuildPlan } from '../test/faults/support/plans';
import { worldOf } from '../test/faults/support/world';
import { benchTable, percentile, round, runConcurrently, writeResult } from './support/bench-env';
import { seededRandom } from './support/seeded-random';

// 200 pipelines with concurrent runs through the local stack (real ingest and decider handlers, stand-ins,
// dynalite behind a fault proxy), every event delivered 3× and shuffled, under a stated fault mix; then
// approvals clicked while CodePipeline answers in 2.5 s. Targets: 0 lost, 0 duplicated, exactly one
// decision per approval, every Slack ack < 3 s.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const PIPELINES = Number(process.env.RELIABILITY_PIPELINES ?? 200);
const APPROVALS = Number(process.env.RELIABILITY_APPROVALS ?? 20);
const FAULTS = {
  dynamoThrottleShare: 0.05,
  slack5xx: 40,
  slack429: 40,
  snsThrottle: 40,
  codePipelineThrottle: 10,
};
const CODEPIPELINE_LATENCY_MS = 2_500;

const main = async () => {
  const table = await benchTable('pipegate-reliability');
  const proxy = await startDynamoFaultProxy(table.dynalite.endpoint);
  const stack = await startLocalStack({ dynamoEndpoint: proxy.url, tableName: table.tableName });
  const direct = new DynamoDBClient({ endpoint: table.dynalite.endpoint });
  const ingest = (await import('../functions/ingest')).handler as unknown as IngestHandler;
  proxy.throttle({ throttleShare: FAULTS.dynamoThrottleShare, random: seededRandom(11) });
  stack.slack.injectFault('chat.postMessage', { status: 500 }, FAULTS.slack5xx);
  stack.slack.injectFault('chat.update', { status: 429, retryAfter: 1 }, FAULTS.slack429);
  stack.sns.injectFault('Publish', { status: 400, code: 'Throttling' }, FAULTS.snsThrottle);

  // Ingest: every pipeline's run, concurrently (8 pollers), 3× delivery, shuffled.
  const runs = await Promise.all(
    Array.from({ length: PIPELINES }, async (_, index) => {
      const plan = failingBuildPlan(`prod-load-${index}-run`);
      return { plan, envelopes: await envelopesOf(plan) };
    }),
  );
  const ingestStarted = performance.now();
  let dlq = 0;
  let received = 0;
  await runConcurrently(runs, 8, async (run, index) => {
    const delivery = await deliverWithRetries(ingest, run.envelopes, {
      copies: 3,
      random: seededRandom(index),
      maxReceives: 8,
    });
    dlq += delivery.dlq.length;
    received += delivery.received;
  });
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  proxy.throttle({ throttleShare: 0, random: Math.random });
  let lost = 0;
  let duplicates = 0;
  let stuck = 0;
  for (const run of runs) {
    const world = await worldOf(stack, { ...run.plan, envelopes: run.envelopes, client: direct });
    lost += world.lost.length;
    duplicates += world.duplicateMessages.length + world.duplicateEmails.length;
    stuck += world.stuckSending.length;
  }

  // Approvals: clicked while CodePipeline is slow and throttles some calls.
  stack.codepipeline.setLatency(CODEPIPELINE_LATENCY_MS);
  stack.codepipeline.injectFault(
    'PutApprovalResult',
    { name: 'ThrottlingException', status: 400 },
    FAULTS.codePipelineThrottle,
  );
  const approvals = createDynamoApprovalStore({
    client: direct,
    tableName: table.tableName,
    retention: DEFAULT_RETENTION,
  });
  const gate = standInApprovalGate(stack.codepipeline);
  const acks: number[] = [];
  const plans = Array.from({ length: APPROVALS }, () => approvalOnlyPlan());
  definePipelines(stack.codepipeline, plans);
  await Promise.all(
    plans.map(async (plan) => {
      const played = (async () => {
        for await (const spec of playExecution(plan, gate)) {
          await deliverWithRetries(ingest, [buildEnvelope({ ...spec, time: new Date().toISOString() })]);
        }
      })();
      let record = (await approvals.listForExecution(plan.executionId))[0];
      let message = stack.slack
        .messages()
        .find((m) => m.thread_ts && JSON.stringify(m.blocks ?? []).includes(plan.executionId));
      while (!record || !message) {
        await sleep(50);
        record = (await approvals.listForExecution(plan.executionId))[0];
        message = stack.slack
          .messages()
          .find((m) => m.thread_ts && JSON.stringify(m.blocks ?? []).includes(plan.executionId));
      }
      const click = (userId: string) =>
        clickSlackButton({
          apiUrl: stack.api.url,
          signingSecret: stack.env.SLACK_SIGNING_SECRET as string,
          userId,
          actionId: 'pipegate.approve',
          value: JSON.stringify({ e: plan.executionId, a: record?.approvalId }),
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
  writeResult('reliability', {
    setup: {
      pipelines: PIPELINES,
      delivery: '3× every event, shuffled, batches of 10, failed records received again up to 8 times',
      approvals: APPROVALS,
      codePipelineLatencyMs: CODEPIPELINE_LATENCY_MS,
    },
    events: runs.reduce((sum, run) => sum + run.envelopes.length, 0),
    recordsReceived: received,
    ingestSeconds: round(ingestSeconds),
    faultsInjected: {
      dynamoThrottles: proxy.injected(),
      slackPostMessage5xx: FAULTS.slack5xx,
      slackUpdate429: FAULTS.slack429,
      snsThrottling: FAULTS.snsThrottle,
      codePipelinePutApprovalResultThrottling: FAULTS.codePipelineThrottle,
      faultRate: `DynamoDB ${FAULTS.dynamoThrottleShare * 100}% of calls; Slack/SNS/CodePipeline as counted`,
    },
    historyRowsLost: lost,
    duplicatesSent: duplicates,
    stuckSendingMarks: stuck,
    dlq: dlq + stack.lambda.failed().length,
    decisionsPerApproval: { min: Math.min(...decisions), max: Math.max(...decisions) },
    slackAckMs: {
      samples: acks.length,
      p50: round(percentile(sortedAcks, 50)),
      p99: round(percentile(sortedAcks, 99)),
      max: round(sortedAcks.at(-1) ?? 0),
    },
    targetsMet:
      lost === 0 && duplicates === 0 && decisions.every((d) => d === 1) && (sortedAcks.at(-1) ?? 0) < 3_000,
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
