import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { seededRandom } from '../../bench/support/seeded-random';
import { definePipelines } from '../../local/simulator/codepipeline-gate';
import type { ExecutionSweepResult } from '../../shared/catch-up/sweep-executions';
import { type Harness, startHarness } from '../integration/support/local-harness';
import { deliverWithRetries, type IngestHandler } from './support/deliver';
import { envelopesOf, failingBuildPlan } from './support/plans';
import { type ExecutionWorld, worldOf } from './support/world';

let harness: Harness;
let direct: DynamoDBClient;
let ingest: IngestHandler;
let clean: ExecutionWorld;

beforeAll(async () => {
  harness = await startHarness();
  direct = new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
  ingest = (await import('../../functions/ingest')).handler as unknown as IngestHandler;
  const plan = failingBuildPlan('prod-lost-clean');
  const envelopes = await envelopesOf(plan);
  await deliverWithRetries(ingest, envelopes);
  clean = await worldOf(harness.stack, { ...plan, envelopes, client: direct });
});
afterAll(async () => {
  await harness.stop();
  direct.destroy();
});

/** The run's end as EventBridge tells it: the pipeline-level FAILED event. */
const isFinal = (envelope: Record<string, unknown>): boolean =>
  envelope['detail-type'] === 'CodePipeline Pipeline Execution State Change' &&
  (envelope.detail as { state?: string }).state === 'FAILED';

type SweeperHandler = (event: unknown, context: Context) => Promise<{ executions?: ExecutionSweepResult }>;

describe('events never delivered', () => {
  it('catches up the runs whose final event was lost (a third of them) with the scheduled sweeper, from CodePipeline’s own record', async () => {
    // Prepare: nine failing runs, all ended in CodePipeline; every third one's final event never arrives
    const runs = await Promise.all(
      Array.from({ length: 9 }, async (_, index) => {
        const plan = failingBuildPlan(`prod-lost-${index}`);
        return { plan, envelopes: await envelopesOf(plan), lost: index % 3 === 0 };
      }),
    );
    definePipelines(
      harness.stack.codepipeline,
      runs.map((run) => run.plan),
    );
    for (const { plan } of runs)
      harness.stack.codepipeline.startExecution(plan.pipeline, plan.executionId, 'Failed');
    const delivered = runs.map((run) =>
      run.lost ? run.envelopes.filter((e) => !isFinal(e)) : run.envelopes,
    );
    for (const [index, envelopes] of delivered.entries()) {
      const delivery = await deliverWithRetries(ingest, envelopes, {
        copies: 3,
        random: seededRandom(index + 1),
        maxReceives: 8,
      });
      expect(delivery.dlq).toEqual([]);
    }
    const lostRuns = runs.filter((run) => run.lost);
    // What was kept back: each lost run's one final event.
    for (const run of lostRuns) expect(run.envelopes.filter(isFinal)).toHaveLength(1);
    const before = await Promise.all(
      lostRuns.map((run) => harness.stack.history.getSummary(run.plan.executionId)),
    );
    expect(before.map((summary) => summary?.state)).not.toContain('FAILED');

    // Act: the scheduled sweep as deployed (their last news is about an hour old, past its 30 minutes)
    const sweeper = (await import('../../functions/sweeper')).handler as unknown as SweeperHandler;
    const result = await sweeper({}, {} as Context);

    // Assess
    expect(result.executions?.reconciled).toBe(lostRuns.length);
    for (const [index, run] of runs.entries()) {
      const world = await worldOf(harness.stack, {
        ...run.plan,
        envelopes: delivered[index] as Record<string, unknown>[],
        client: direct,
      });
      expect(world.lost).toEqual([]);
      expect(world.duplicateMessages).toEqual([]);
      expect(world.duplicateEmails).toEqual([]);
      expect(world.stuckSending).toEqual([]);
      expect(world.sent).toEqual(clean.sent);
      expect((await harness.stack.history.getSummary(run.plan.executionId))?.state).toBe('FAILED');
    }
  });
});
