import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { seededRandom } from '../../bench/support/seeded-random';
import { toSqsBatch } from '../../local/simulator/eventbridge-delivery';
import { type DynamoFaultProxy, startDynamoFaultProxy } from '../../local/standins/dynamodb-fault-proxy';
import { ingestSqsBatch } from '../../shared/ingest/ingest-batch';
import { silentLog } from '../../shared/logging/log';
import { createIngestWiring } from '../../shared/wiring/ingest-wiring';
import { type Harness, startHarness } from '../integration/support/local-harness';
import { crashAtStep } from './support/crash-at-step';
import { deliverWithRetries, type IngestHandler } from './support/deliver';
import { envelopesOf, failingBuildPlan } from './support/plans';
import { type ExecutionWorld, worldOf } from './support/world';

let proxy: DynamoFaultProxy;
let harness: Harness;
let direct: DynamoDBClient;
let ingest: IngestHandler;
let clean: ExecutionWorld;

beforeAll(async () => {
  const dynalite = process.env.AWS_ENDPOINT_URL_DYNAMODB as string;
  direct = new DynamoDBClient({ endpoint: dynalite });
  // Every function reaches DynamoDB through the fault proxy; the assertions read past it.
  proxy = await startDynamoFaultProxy(dynalite);
  harness = await startHarness({ dynamoEndpoint: proxy.url });
  ingest = (await import('../../functions/ingest')).handler as unknown as IngestHandler;
  const plan = failingBuildPlan('prod-clean');
  const envelopes = await envelopesOf(plan);
  await deliverWithRetries(ingest, envelopes);
  clean = await worldOf(harness.stack, { ...plan, envelopes, client: direct });
});
afterAll(async () => {
  await harness.stop();
  await proxy.close();
  direct.destroy();
});

/** The invariants of every scenario, against the clean run of the same plan. */
const expectIntact = (world: ExecutionWorld, dlq: unknown[]) => {
  expect(world.lost).toEqual([]);
  expect(world.duplicateHistory).toEqual([]);
  expect(world.duplicateMessages).toEqual([]);
  expect(world.duplicateEmails).toEqual([]);
  // At-most-once: a crash between a claim and its send may leave a mark `sending` (listed, never re-sent).
  // Never more than a clean run sent; anything missing is accounted for by a listed `sending` mark (a crash
  // between the send and its mark: it may or may not have gone out, and is never sent again).
  expect(world.sent.length).toBeLessThanOrEqual(clean.sent.length);
  expect(clean.sent.length - world.sent.length).toBeLessThanOrEqual(world.stuckSending.length);
  if (world.stuckSending.length === 0) expect(world.sent).toEqual(clean.sent);
  expect(world.summary).toBe(clean.summary);
  expect(dlq).toEqual([]);
};

interface Scenario {
  name: string;
  inject(): void;
  beforeReceive?: (receive: number) => Promise<void>;
  /** Proof the fault was met (a scenario whose fault never fired would pass for nothing). */
  met?: () => void;
}

const scenarios = (): Scenario[] => {
  const { slack, sns } = harness.stack;
  return [
    {
      name: 'Slack 5xx on posts and updates',
      inject: () => {
        slack.injectFault('chat.postMessage', { status: 500 }, 4);
        slack.injectFault('chat.update', { status: 500 }, 3);
      },
    },
    {
      name: 'Slack 429, short Retry-After',
      inject: () => slack.injectFault('chat.postMessage', { status: 429, retryAfter: 1 }, 3),
    },
    {
      name: 'Slack 429, long Retry-After',
      inject: () => slack.injectFault('chat.postMessage', { status: 429, retryAfter: 120 }, 2),
    },
    {
      name: 'Slack ratelimited burst',
      inject: () => slack.injectFault('chat.postMessage', { error: 'ratelimited' }, 4),
    },
    {
      name: 'SNS throttling and 5xx',
      inject: () => {
        sns.injectFault('Publish', { status: 400, code: 'Throttling' }, 4);
        sns.injectFault('Publish', { status: 500, code: 'InternalError' }, 4);
      },
    },
    {
      name: 'DynamoDB throttling on 20% of calls',
      inject: () => proxy.throttle({ throttleShare: 0.2, random: seededRandom(7) }),
    },
    {
      name: 'dynalite stopped mid-run and restarted',
      inject: () => undefined,
      // Down for the first receive of the second half, back for the redelivery.
      beforeReceive: async (receive) => {
        if (receive === 1) await proxy.stop();
        if (receive === 2) await proxy.start();
      },
    },
    {
      // Slack posted, the answer was lost: a blind retry (WebClient's own, or the redelivery) posts twice.
      name: 'Slack posts, then answers 5xx',
      inject: () => slack.injectFault('chat.postMessage', { appliedThen: 500 }, 2),
      met: () =>
        expect(slack.calls().filter((call) => call.method.startsWith('conversations.'))).not.toHaveLength(0),
    },
    {
      name: 'Slack posts, then times out',
      // Longer than the WebClient's 5 s timeout (shared/adapters/slack/slack-chat.ts).
      inject: () => slack.injectFault('chat.postMessage', { appliedThen: 'hang', ms: 6_000 }, 1),
      met: () =>
        expect(slack.calls().filter((call) => call.method.startsWith('conversations.'))).not.toHaveLength(0),
    },
  ];
};

describe('ingest under faults: nothing lost, nothing doubled, summaries as in a clean run', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8])('scenario %i', async (index) => {
    // Prepare
    const scenario = scenarios()[index] as Scenario;
    const plan = failingBuildPlan(`prod-fault-${index}`);
    const envelopes = await envelopesOf(plan);
    const half = Math.ceil(envelopes.length / 2);
    await deliverWithRetries(ingest, envelopes.slice(0, half));
    scenario.inject();

    // Act: the rest three times over, shuffled, with SQS's redelivery
    const delivery = await deliverWithRetries(ingest, envelopes.slice(half), {
      copies: 3,
      random: seededRandom(index + 1),
      maxReceives: 8,
      beforeReceive: scenario.beforeReceive,
    });
    proxy.throttle({ throttleShare: 0, random: Math.random });

    // Assess
    const world = await worldOf(harness.stack, { ...plan, envelopes, dlq: delivery.dlq, client: direct });
    expectIntact(world, delivery.dlq);
    scenario.met?.();
  });

  it('crashes at every step boundary of a failure event (history, summary, each claim, send before mark) and recovers on redelivery', async () => {
    // Prepare: how many AWS calls the last two events take when nothing goes wrong
    const counting = crashAtStep(0);
    const probe = failingBuildPlan('prod-crash-probe');
    const probeEnvelopes = await envelopesOf(probe);
    await deliverWithRetries(ingest, probeEnvelopes.slice(0, -2));
    await ingestSqsBatch(
      toSqsBatch(probeEnvelopes.slice(-2), { duplicateShare: 0, reorderShare: 0 }),
      await createIngestWiring({ ...counting.clients, log: silentLog })(),
    );
    const steps = counting.calls;
    const crashes: string[] = [];

    // Act
    const worlds: ExecutionWorld[] = [];
    const dlqs: unknown[] = [];
    for (let step = 1; step <= steps; step += 1) {
      const plan = failingBuildPlan(`prod-crash-${step}`);
      const envelopes = await envelopesOf(plan);
      await deliverWithRetries(ingest, envelopes.slice(0, -2));
      const crash = crashAtStep(step);
      const batch = toSqsBatch(envelopes.slice(-2), { duplicateShare: 0, reorderShare: 0 });
      await ingestSqsBatch(batch, await createIngestWiring({ ...crash.clients, log: silentLog })()).catch(
        () => undefined,
      );
      crashes.push(String(crash.crashedBefore));
      // The crashed invocation's records come back after SQS's visibility timeout (360 s), to a fresh container.
      const later = await createIngestWiring({
        ...crashAtStep(0).clients,
        log: silentLog,
        now: () => new Date(Date.now() + 360_000),
      })();
      const redelivery = await deliverWithRetries(
        (event) => ingestSqsBatch(event, later),
        envelopes.slice(-2),
      );
      dlqs.push(...redelivery.dlq);
      worlds.push(await worldOf(harness.stack, { ...plan, envelopes, client: direct }));
    }

    // Assess
    expect(steps).toBeGreaterThan(5);
    expect(crashes).not.toContain('undefined');
    for (const world of worlds) expectIntact(world, dlqs);
    // Only a crash between a send and its mark may leave one, and then exactly that one.
    const stuck = worlds.filter((world) => world.stuckSending.length > 0);
    expect(stuck.length).toBeLessThanOrEqual(crashes.filter((name) => name === 'UpdateItemCommand').length);
  }, 300_000);
});

describe('cold start under SSM throttling', () => {
  it('retries the records of an invocation whose secrets could not be read, and loses none', async () => {
    // Prepare: this test's own container (module registry) reads its secrets from an SSM stand-in
    const { startSsmStandIn } = await import('../../local/standins/ssm');
    const ssm = await startSsmStandIn();
    const saved = { ...process.env };
    ssm.put('/pipegate/test/slack-bot-token', harness.stack.env.SLACK_BOT_TOKEN as string);
    process.env.AWS_ENDPOINT_URL_SSM = ssm.url;
    delete process.env.SLACK_BOT_TOKEN;
    process.env.SLACK_BOT_TOKEN_PARAMETER = '/pipegate/test/slack-bot-token';
    ssm.injectFault({ name: 'ThrottlingException', status: 400 }, 8);
    let coldIngest: IngestHandler | undefined;
    jest.isolateModules(() => {
      coldIngest = require('../../functions/ingest').handler as IngestHandler;
    });
    const plan = failingBuildPlan('prod-cold-start');
    const envelopes = await envelopesOf(plan);

    // Act
    const delivery = await deliverWithRetries(coldIngest as IngestHandler, envelopes, { maxReceives: 8 });
    Object.assign(process.env, saved);
    delete process.env.AWS_ENDPOINT_URL_SSM;
    delete process.env.SLACK_BOT_TOKEN_PARAMETER;
    await ssm.close();

    // Assess: the first invocations failed as a whole, were received again, and nothing is missing
    expect(delivery.received).toBeGreaterThan(envelopes.length);
    expect(ssm.calls().length).toBeGreaterThan(1);
    const world = await worldOf(harness.stack, { ...plan, envelopes, client: direct });
    expectIntact(world, delivery.dlq);
  });
});

void ({} as Context);
