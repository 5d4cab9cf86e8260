import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { buildEnvelope } from '../../../local/simulator/envelopes';
import { toSqsBatch } from '../../../local/simulator/eventbridge-delivery';
import { deliverLikeSqs } from '../../../local/simulator/sqs-redelivery';
import { type Harness, startHarness } from '../support/local-harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

/** A run whose first events arrived `ago` ms back and whose later events were lost. */
const runWithLostEvents = async (ago: number, codePipelineStatus: 'Succeeded' | 'InProgress') => {
  const pipeline = `lost-${randomUUID().slice(0, 6)}`;
  const executionId = randomUUID();
  const start = new Date(Date.now() - ago).toISOString();
  const base = { pipeline, executionId, executionStartTime: start, time: start };
  harness.stack.codepipeline.definePipeline({
    name: pipeline,
    stages: [{ name: 'Build', actions: [{ name: 'Build', category: 'Build' }] }],
  });
  harness.stack.codepipeline.startExecution(pipeline, executionId, codePipelineStatus);
  const { handler: ingest } = await import('../../../functions/ingest');
  const envelopes = [
    buildEnvelope({ ...base, level: 'pipeline', state: 'STARTED' }),
    buildEnvelope({ ...base, level: 'stage', stage: 'Build', state: 'STARTED' }),
  ];
  await deliverLikeSqs(ingest, toSqsBatch(envelopes, { duplicateShare: 0, reorderShare: 0 }));
  return { pipeline, executionId };
};
const sweep = async () => (await import('../../../functions/sweeper')).handler({}, {} as Context);

describe('the execution sweeper', () => {
  it('applies the final state CodePipeline reports for a run whose last events were lost', async () => {
    // Prepare
    const run = await runWithLostEvents(2 * 3_600_000, 'Succeeded');

    // Act
    const result = await sweep();

    // Assess
    expect('executions' in result ? result.executions.reconciled : 'skipped').toBeGreaterThanOrEqual(1);
    expect((await harness.stack.history.getSummary(run.executionId))?.state).toBe('SUCCEEDED');
    expect((await harness.auditOf(run.executionId)).map((entry) => entry.action)).toContain(
      'execution.reconciled',
    );
    const card = harness.stack.slack
      .messages()
      .find((m) => !m.thread_ts && String(m.text).includes(run.pipeline));
    expect(String(card?.text)).toContain('succeeded');
  });

  it('puts a run with no news for hours on the record once, however often it sweeps', async () => {
    // Prepare
    const run = await runWithLostEvents(7 * 3_600_000, 'InProgress');

    // Act
    await sweep();
    await sweep();

    // Assess
    const stuck = (await harness.auditOf(run.executionId)).filter(
      (entry) => entry.action === 'execution.stuck',
    );
    expect(stuck).toHaveLength(1);
    expect((await harness.stack.history.getSummary(run.executionId))?.state).toBe('STARTED');
  });
});
