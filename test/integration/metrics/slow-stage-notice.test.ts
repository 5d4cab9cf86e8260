import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { buildEnvelope } from '../../../local/simulator/envelopes';
import { toSqsBatch } from '../../../local/simulator/eventbridge-delivery';
import { deliverLikeSqs } from '../../../local/simulator/sqs-redelivery';
import { createDynamoRollupStore } from '../../../shared/adapters/dynamodb/rollup-store';
import { type Harness, startHarness, waitFor } from '../support/local-harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const MIN = 60_000;
const sweep = async () => (await import('../../../functions/sweeper')).handler({}, {} as Context);

/** Six succeeded runs of `pipeline` whose Build stage took one minute: p90 1 min, slow after 2 (factor 2). */
const seedBaseline = async (pipeline: string) => {
  const rollups = createDynamoRollupStore({
    client: harness.stack.dynamodb,
    tableName: harness.stack.env.PIPEGATE_TABLE as string,
  });
  const end = new Date(Date.now() - 3_600_000).toISOString();
  for (let i = 0; i < 6; i += 1) {
    await rollups.record({
      id: randomUUID(),
      pipeline,
      state: 'SUCCEEDED',
      start: end,
      end,
      stages: { Build: { state: 'SUCCEEDED', ms: MIN } },
      approvalWaits: [],
    });
  }
};

/** A run of `pipeline` whose Build stage started `ago` ms back and is still running; resolves with its card. */
const runInBuild = async (pipeline: string, ago: number) => {
  const executionId = randomUUID();
  const start = new Date(Date.now() - ago).toISOString();
  harness.stack.codepipeline.definePipeline({
    name: pipeline,
    stages: [{ name: 'Build', actions: [{ name: 'Build', category: 'Build' }] }],
  });
  harness.stack.codepipeline.startExecution(pipeline, executionId, 'InProgress');
  const base = { pipeline, executionId, executionStartTime: start, time: start };
  const { handler: ingest } = await import('../../../functions/ingest');
  const envelopes = [
    buildEnvelope({ ...base, level: 'pipeline', state: 'STARTED' }),
    buildEnvelope({ ...base, level: 'stage', stage: 'Build', state: 'STARTED' }),
  ];
  await deliverLikeSqs(ingest, toSqsBatch(envelopes, { duplicateShare: 0, reorderShare: 0 }));
  const card = await waitFor(() =>
    harness.stack.slack
      .messages()
      .find((message) => !message.thread_ts && String(message.text).includes(pipeline)),
  );
  return { executionId, card };
};

const slowNotes = (cardTs: string) =>
  harness.stack.slack
    .messages()
    .filter((message) => message.thread_ts === cardTs && String(message.text).includes('🐢'));

describe('the slow-stage notice', () => {
  it('posts one note in the thread of a run whose stage passed p90 × factor, however often it sweeps', async () => {
    // Prepare: Build usually takes 1 min (p90), this one has run for 10.
    const pipeline = `slow-${randomUUID().slice(0, 6)}`;
    await seedBaseline(pipeline);
    const { card } = await runInBuild(pipeline, 10 * MIN);

    // Act
    await sweep();
    await sweep();

    // Assess
    const notes = slowNotes(String(card.ts));
    expect(notes).toHaveLength(1);
    expect(String(notes[0]?.text)).toContain(`Build of ${pipeline}`);
    expect(String(notes[0]?.text)).toContain('(p90 1m 00s)');
  });

  it('says nothing about a stage still within p90 × factor', async () => {
    // Prepare: 1 min p90 × 2 = 2 min; this Build has run for 30 s.
    const pipeline = `quick-${randomUUID().slice(0, 6)}`;
    await seedBaseline(pipeline);
    const { card } = await runInBuild(pipeline, 30_000);

    // Act
    await sweep();

    // Assess
    expect(slowNotes(String(card.ts))).toHaveLength(0);
  });
});
