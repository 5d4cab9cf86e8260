import { randomUUID } from 'node:crypto';
import { buildEnvelope } from '../../../local/simulator/envelopes';
import { toSqsBatch } from '../../../local/simulator/eventbridge-delivery';
import { scriptExecution } from '../../../local/simulator/execution-script';
import { deliverLikeSqs } from '../../../local/simulator/sqs-redelivery';
import { buildStage, sourceStage } from '../../../local/simulator/stage-plans';
import { shuffled } from '../../support/fixtures';
import { type Harness, startHarness } from '../support/local-harness';

let harness: Harness;
let ingest: Parameters<typeof deliverLikeSqs>[0];

beforeAll(async () => {
  harness = await startHarness();
  ingest = (await import('../../../functions/ingest')).handler as Parameters<typeof deliverLikeSqs>[0];
});
afterAll(async () => {
  await harness.stop();
});

/** A run of a uniquely named pipeline that fails in Build with a CodeBuild log link. */
const failingRun = async (pipeline = `svc-${randomUUID().slice(0, 6)}`) => {
  const specs = await scriptExecution({
    pipeline,
    executionId: randomUUID(),
    start: new Date('2026-11-20T10:00:00Z'),
    trigger: {
      'execution-trigger': {
        'trigger-type': 'StartPipelineExecution',
        'trigger-detail': 'arn:aws:sts::1:assumed-role/Ops/alex',
      },
    },
    stages: [
      sourceStage(),
      buildStage({
        errorCode: 'JobFailed',
        summary: 'Build terminated with state: FAILED',
        externalUrl: 'https://example.com/build/log/42',
      }),
    ],
  });
  return { pipeline, envelopes: specs.map(buildEnvelope) };
};

/** Delivers every envelope twice (once with a new id), shuffled, in small SQS batches. */
const deliverMessily = async (envelopes: Record<string, unknown>[], seed: number): Promise<void> => {
  const twice = shuffled([...envelopes, ...envelopes.map((e) => ({ ...e, id: randomUUID() }))], seed);
  for (let i = 0; i < twice.length; i += 3) {
    await deliverLikeSqs(ingest, toSqsBatch(twice.slice(i, i + 3), { duplicateShare: 0, reorderShare: 0 }));
  }
};

const slackCallsAbout = (method: string, pipeline: string) =>
  harness.stack.slack.calls(method).filter((call) => JSON.stringify(call.args).includes(pipeline));

describe('notifications for a run delivered twice and out of order', () => {
  it('posts exactly one card, updates it only when it changes, and replies once per failure', async () => {
    // Prepare
    const { pipeline, envelopes } = await failingRun();

    // Act
    await deliverMessily(envelopes, 7);

    // Assess
    const posts = slackCallsAbout('chat.postMessage', pipeline);
    const cards = posts.filter((call) => !call.args.thread_ts);
    const replies = posts.filter((call) => call.args.thread_ts);
    expect(cards).toHaveLength(1);
    expect(replies.map((call) => String(call.args.text))).toEqual([
      expect.stringContaining('JobFailed'),
      expect.stringContaining('failed'),
    ]);
    expect(JSON.stringify(replies[0]?.args)).toContain('https://example.com/build/log/42');
    const card = harness.stack.slack
      .messages()
      .find(
        (message) =>
          message.ts === String(cards[0]?.args.ts ?? '') || String(message.text).includes(pipeline),
      );
    const versions = (card?.history ?? []).map((version) => JSON.stringify(version));
    expect(new Set(versions).size).toBe(versions.length);
    expect(String(card?.text)).toContain('failed');
  });

  it('emails each routed event once: the failed action and the failed run', async () => {
    // Prepare
    const { pipeline, envelopes } = await failingRun();

    // Act
    await deliverMessily(envelopes, 11);

    // Assess
    const publishes = harness.stack.sns.publishes().filter((p) => p.subject?.includes(pipeline));
    expect(publishes.map((p) => p.attributes.level?.StringValue).sort()).toEqual(['action', 'pipeline']);
    expect(publishes.every((p) => !p.subject?.includes('\n') && (p.subject?.length ?? 0) <= 100)).toBe(true);
    expect(publishes.map((p) => p.attributes.severity?.StringValue)).toEqual(['error', 'error']);
  });

  it('waits out a short Slack rate limit (Retry-After) and still posts one card', async () => {
    // Prepare
    const { pipeline, envelopes } = await failingRun();
    harness.stack.slack.injectFault('chat.postMessage', { status: 429, retryAfter: 1 }, 1);

    // Act
    await deliverMessily(envelopes.slice(0, 1), 1);

    // Assess
    const cards = harness.stack.slack
      .messages()
      .filter((message) => !message.thread_ts && String(message.text).includes(pipeline));
    expect(cards).toHaveLength(1);
  });

  it('fails the record on a long rate limit so SQS retries it later, then posts once', async () => {
    // Prepare
    const { pipeline, envelopes } = await failingRun();
    harness.stack.slack.injectFault('chat.postMessage', { status: 429, retryAfter: 30 }, 1);

    // Act
    await deliverMessily(envelopes.slice(0, 1), 1);

    // Assess
    const attempts = harness.stack.slack
      .calls('chat.postMessage')
      .filter((call) => JSON.stringify(call.args).includes(pipeline));
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    const cards = harness.stack.slack
      .messages()
      .filter((message) => !message.thread_ts && String(message.text).includes(pipeline));
    expect(cards).toHaveLength(1);
  });

  it('records channel_not_found once and stops trying for that run (no retry storm)', async () => {
    // Prepare
    const { pipeline, envelopes } = await failingRun();
    harness.stack.slack.injectFault('chat.postMessage', { error: 'channel_not_found' }, 1);

    // Act
    await deliverMessily(envelopes, 3);

    // Assess
    const attempts = slackCallsAbout('chat.postMessage', pipeline);
    expect(attempts).toHaveLength(1);
    const emails = harness.stack.sns.publishes().filter((p) => p.subject?.includes(pipeline));
    expect(emails).toHaveLength(2);
  });
});
