import { PassThrough } from 'node:stream';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { runCli } from '../../../cli/main';
import {
  createDynamoRollupReader,
  createDynamoRollupStore,
} from '../../../shared/adapters/dynamodb/rollup-store';
import { computeDelivery } from '../../../shared/metrics/delivery-metrics';
import { reportMetrics } from '../../../shared/metrics/report-metrics';
import {
  DELIVERY_DAYS,
  DELIVERY_HISTORY,
  DELIVERY_PRODUCTION,
} from '../../fixtures/metrics/delivery-history';
import { recordCommands } from '../audit/support/count-commands';
import { httpEvent, lambdaContext } from '../audit/support/http-event';
import { startHarness, waitFor } from '../support/local-harness';
import { createTestTable, dynamoClient } from '../support/test-table';

let client: DynamoDBClient;
let tableName: string;
const WINDOW = { from: '2026-07-01', to: '2026-07-03' };
const expected = computeDelivery({
  from: '2026-07-01T00:00:00.000Z',
  to: '2026-07-03T23:59:59.999Z',
  days: DELIVERY_DAYS,
  runs: DELIVERY_HISTORY,
  production: DELIVERY_PRODUCTION,
});

beforeAll(async () => {
  client = dynamoClient();
  tableName = await createTestTable(client);
  const rollups = createDynamoRollupStore({ client, tableName });
  // Every run recorded twice (a re-delivery), plus one that ended after the window.
  for (const fact of [...DELIVERY_HISTORY, ...DELIVERY_HISTORY]) await rollups.record(fact);
  await rollups.record({
    ...(DELIVERY_HISTORY[0] as (typeof DELIVERY_HISTORY)[0]),
    id: 'later',
    end: '2026-07-04T10:00:00.000Z',
  });
});

afterAll(() => client.destroy());

const cli = async (args: string[]) => {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (chunk) => chunks.push(String(chunk)));
  const env = {
    ...process.env,
    PIPEGATE_TABLE: tableName,
    PIPEGATE_CONFIG: 'test/fixtures/config/metrics.yaml',
  };
  const code = await runCli(['node', 'pipegate', ...args], {
    env,
    out,
    err: new PassThrough(),
    now: () => new Date('2026-07-10T00:00:00Z'),
  });
  return { code, out: chunks.join('') };
};

describe('delivery metrics from the daily rollups (dynalite)', () => {
  it('reads back exactly the hand-computed report, re-deliveries counted once', async () => {
    // Prepare
    const read: number[] = [];
    const reader = dynamoClient();
    reader.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const output = result.output as { Count?: number };
        read.push(output.Count ?? 0);
        return result;
      },
      { step: 'initialize', name: 'countRead' },
    );

    // Act
    const { out, code } = await cli(['metrics', '--from', WINDOW.from, '--to', WINDOW.to, '--json']);
    const report = await reportMetrics(
      { from: '2026-07-01T00:00:00.000Z', to: '2026-07-03T23:59:59.999Z' },
      undefined,
      { rollups: createDynamoRollupReader({ client: reader, tableName }), production: DELIVERY_PRODUCTION },
    );
    reader.destroy();

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(expected)));
    // One Query for the pipeline list (3 items), then one per pipeline over its day items: ≤ 2 × days × pipelines.
    expect(read.length).toBe(4);
    expect(read.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(2 * 3 * 3);
    expect(report).toEqual(expected);
  });

  it('prints a table for humans, one pipeline when asked', async () => {
    // Act
    const all = await cli(['metrics', '--from', WINDOW.from, '--to', WINDOW.to]);
    const web = await cli(['metrics', '--pipeline', 'web', '--from', WINDOW.from, '--to', WINDOW.to]);

    // Assess
    expect(all.out).toMatch(/prod-api\s+yes\s+6\s+3\s+1\.00\s+2h 00m \/ 23h 30m\s+40\.0%/);
    expect(all.out).toContain('(all)');
    expect(web.out).not.toContain('prod-api');
    expect(web.out).toMatch(/web\s+yes\s+3\s+1/);
  });

  it('answers GET /audit/metrics, and refuses an unknown parameter with 400', async () => {
    // Prepare
    process.env.PIPEGATE_TABLE = tableName;
    process.env.PIPEGATE_CONFIG = 'test/fixtures/config/metrics.yaml';
    const { handler } = await import('../../../functions/audit-api');

    // Act
    const ok = (await handler(
      httpEvent('GET', '/audit/metrics', { ...WINDOW, pipeline: 'prod-api' }),
      lambdaContext,
    )) as APIGatewayProxyStructuredResultV2;
    const typo = (await handler(
      httpEvent('GET', '/audit/metrics', { sinse: '7d' }),
      lambdaContext,
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(String(ok.body)).pipelines['prod-api']).toEqual(
      JSON.parse(JSON.stringify(expected.pipelines['prod-api'])),
    );
    expect(typo.statusCode).toBe(400);
  });

  it('registers a pipeline once per container, not per run, and heals a registration lost in a crash', async () => {
    // Prepare: a container whose registry write fails after its day write (the crash between the two).
    const crashing = dynamoClient();
    crashing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand') throw new Error('container died');
        return next(args);
      },
      { step: 'initialize', name: 'dieBeforeRegistry' },
    );
    const warmClient = dynamoClient();
    const sent = recordCommands(warmClient);
    const run = (id: string, pipeline: string) => ({
      ...(DELIVERY_HISTORY[0] as (typeof DELIVERY_HISTORY)[0]),
      id,
      pipeline,
      end: '2026-07-02T10:00:00.000Z',
    });
    const reader = createDynamoRollupReader({ client, tableName });

    // Act
    const crashed = createDynamoRollupStore({ client: crashing, tableName }).record(run('lost-1', 'healed'));
    await expect(crashed).rejects.toThrow();
    const listedAfterCrash = await reader.pipelines();
    // The re-delivery lands on another container, which then records four more runs of two pipelines.
    const warm = createDynamoRollupStore({ client: warmClient, tableName });
    await warm.record(run('lost-1', 'healed'));
    for (const id of ['a', 'b']) await warm.record(run(`healed-${id}`, 'healed'));
    for (const id of ['a', 'b']) await warm.record(run(`steady-${id}`, 'steady'));
    crashing.destroy();
    warmClient.destroy();

    // Assess
    expect(listedAfterCrash).not.toContain('healed');
    expect(await reader.pipelines()).toEqual(expect.arrayContaining(['healed', 'steady']));
    expect(sent.filter((name) => name === 'UpdateItemCommand')).toHaveLength(5);
    expect(sent.filter((name) => name === 'PutItemCommand')).toHaveLength(2);
    expect((await reader.runs('healed', '2026-07-02', '2026-07-02')).map((fact) => fact.id).sort()).toEqual([
      'healed-a',
      'healed-b',
      'lost-1',
    ]);
  });

  it('ingest adds a finished run to its pipeline rollup (end to end over the local stack)', async () => {
    // Prepare
    const harness = await startHarness();
    const table = harness.stack.env.PIPEGATE_TABLE as string;
    const start = new Date();
    const plan = {
      pipeline: 'prod-metrics',
      executionId: `run-${start.getTime()}`,
      start,
      stepSeconds: 1,
      stages: [
        { name: 'Build', actions: [{ name: 'Build', category: 'Build', provider: 'CodeBuild' }] },
        { name: 'Deploy', actions: [{ name: 'Deploy', category: 'Deploy', provider: 'ECS' }] },
      ],
      trigger: {
        'execution-trigger': {
          'trigger-type': 'WebhookV2',
          'commit-id': 'abc123',
          'author-date': start.toISOString(),
        },
      },
    };

    try {
      // Act
      await harness.play(plan);
      const reader = createDynamoRollupReader({ client: harness.stack.dynamodb, tableName: table });
      const day = new Date().toISOString().slice(0, 10);
      const runs = await waitFor(async () => {
        const found = await reader.runs('prod-metrics', start.toISOString().slice(0, 10), day);
        return found.length ? found : undefined;
      });

      // Assess
      expect(runs).toEqual([
        expect.objectContaining({
          id: plan.executionId,
          state: 'SUCCEEDED',
          revision: { id: 'abc123', authoredAt: start.toISOString() },
          stages: {
            Build: expect.objectContaining({ state: 'SUCCEEDED' }),
            Deploy: expect.objectContaining({ state: 'SUCCEEDED' }),
          },
        }),
      ]);
    } finally {
      await harness.stop();
    }
  });
});
