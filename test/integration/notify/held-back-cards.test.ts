import { randomUUID } from 'node:crypto';
import { buildEnvelope } from '../../../local/simulator/envelopes';
import { toSqsBatch } from '../../../local/simulator/eventbridge-delivery';
import { scriptExecution } from '../../../local/simulator/execution-script';
import { deliverLikeSqs } from '../../../local/simulator/sqs-redelivery';
import { buildStage, sourceStage } from '../../../local/simulator/stage-plans';
import { type Harness, startHarness } from '../support/local-harness';

// Its own file: the 429 below puts this ingest container's rate gate under pressure for a minute.
let harness: Harness;
let ingest: Parameters<typeof deliverLikeSqs>[0];

beforeAll(async () => {
  harness = await startHarness();
  ingest = (await import('../../../functions/ingest')).handler as Parameters<typeof deliverLikeSqs>[0];
});
afterAll(async () => {
  await harness.stop();
});

const NO_CHAOS = { duplicateShare: 0, reorderShare: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a card change Slack rate limits held back', () => {
  it('is sent by a later batch once Slack has a slot to spare, with no change of its own', async () => {
    // Prepare: a run's first events post and update its card.
    const pipeline = `svc-${randomUUID().slice(0, 6)}`;
    const envelopes = (
      await scriptExecution({
        pipeline,
        executionId: randomUUID(),
        start: new Date('2026-11-20T10:00:00Z'),
        trigger: {
          'execution-trigger': {
            'trigger-type': 'StartPipelineExecution',
            'trigger-detail': 'arn:aws:sts::1:assumed-role/Ops/alex',
          },
        },
        stages: [sourceStage(), buildStage()],
      })
    ).map(buildEnvelope);
    for (const envelope of envelopes.slice(0, 4))
      await deliverLikeSqs(ingest, toSqsBatch([envelope], NO_CHAOS));
    const card = () =>
      harness.stack.slack
        .messages()
        .find((message) => !message.thread_ts && message.text?.includes(pipeline));
    const shownBefore = JSON.stringify(card()?.history.at(-1));

    // Act: the Source stage succeeds while Slack answers chat.update with 429 (an intermediate change: dropped).
    harness.stack.slack.injectFault('chat.update', { status: 429, retryAfter: 1 }, 1);
    await deliverLikeSqs(ingest, toSqsBatch([envelopes[4] as Record<string, unknown>], NO_CHAOS));
    const shownAfterDrop = JSON.stringify(card()?.history.at(-1));
    const updatesAfterDrop = card()?.updates ?? 0;
    // Later batches carry only a re-delivery (no change of their own) until the held-back change shows.
    for (let attempt = 0; attempt < 40 && card()?.updates === updatesAfterDrop; attempt += 1) {
      await sleep(250);
      await deliverLikeSqs(ingest, toSqsBatch([{ ...envelopes[0], id: randomUUID() }], NO_CHAOS));
    }

    // Assess
    expect(envelopes[4]).toMatchObject({ detail: { stage: 'Source', state: 'SUCCEEDED' } });
    expect(shownAfterDrop).toBe(shownBefore);
    expect(card()?.updates).toBe(updatesAfterDrop + 1);
    expect(JSON.stringify(card()?.history.at(-1))).not.toBe(shownBefore);
  });
});
