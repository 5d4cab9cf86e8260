import { randomUUID } from 'node:crypto';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { buildEnvelope } from '../../../local/simulator/envelopes';
import { type CodePipelineStandIn, startCodePipelineStandIn } from '../../../local/standins/codepipeline';
import { createCodePipelinePort } from '../../../shared/adapters/codepipeline/codepipeline-pipeline';
import { createDynamoAuditTrail } from '../../../shared/adapters/dynamodb/audit-store';
import { createDynamoHistoryStore } from '../../../shared/adapters/dynamodb/history-store';
import { createDynamoNotificationStore } from '../../../shared/adapters/dynamodb/notification-store';
import { type SweepExecutionsDeps, sweepExecutions } from '../../../shared/catch-up/sweep-executions';
import { DEFAULT_RETENTION } from '../../../shared/config/retention';
import type { HistoryStore } from '../../../shared/history/history-store';
import { ingestEnvelope } from '../../../shared/ingest/ingest-envelope';
import { silentLog } from '../../../shared/logging/log';
import { createTestTable, dynamoClient } from '../support/test-table';

const HOUR = 3_600_000;
const client = dynamoClient();
let codepipeline: CodePipelineStandIn;
let pipelineClient: CodePipelineClient;
let history: HistoryStore;
let deps: (now: Date) => SweepExecutionsDeps;

beforeAll(async () => {
  const tableName = await createTestTable(client);
  codepipeline = await startCodePipelineStandIn();
  pipelineClient = new CodePipelineClient({ endpoint: codepipeline.url });
  const base = { client, tableName, retention: DEFAULT_RETENTION };
  history = createDynamoHistoryStore(base);
  const audit = createDynamoAuditTrail(base);
  const store = createDynamoNotificationStore(base);
  // One account and region here: every pipeline is reached with the same client.
  const pipeline = createCodePipelinePort({ for: () => pipelineClient });
  deps = (now) => ({
    ingest: { history, log: silentLog, now: () => now, reactions: [] },
    pipeline,
    audit,
    store,
    now: () => now,
  });
}, 60_000);
afterAll(async () => {
  pipelineClient.destroy();
  await codepipeline.close();
});

/** A run whose STARTED event was recorded at `at` and whose later events never arrived. */
const startedRun = async (pipeline: string, at: Date): Promise<string> => {
  const executionId = randomUUID();
  const time = at.toISOString();
  const envelope = buildEnvelope({
    level: 'pipeline',
    pipeline,
    executionId,
    executionStartTime: time,
    time,
    state: 'STARTED',
  });
  await ingestEnvelope(envelope, 'test', { history, log: silentLog, now: () => at, reactions: [] });
  return executionId;
};

describe('the execution sweeper under a crowd of runs it cannot resolve', () => {
  it('catches up a run whose final event was lost within two sweeps despite 150 older unresolvable runs', async () => {
    // Prepare
    const now = new Date();
    const waiting = `waiting-${randomUUID().slice(0, 6)}`;
    const lost = `lost-${randomUUID().slice(0, 6)}`;
    for (const name of [waiting, lost]) {
      codepipeline.definePipeline({
        name,
        stages: [{ name: 'Build', actions: [{ name: 'Build', category: 'Build' }] }],
      });
    }
    // Half wait days at an approval (CodePipeline says InProgress), half CodePipeline no longer knows.
    const crowd = await Promise.all(
      Array.from({ length: 150 }, async (_, index) => {
        const id = await startedRun(waiting, new Date(now.getTime() - 72 * HOUR + index * 1_000));
        if (index % 2 === 0) codepipeline.startExecution(waiting, id, 'InProgress');
        return id;
      }),
    );
    const lostRun = await startedRun(lost, new Date(now.getTime() - 2 * HOUR));
    codepipeline.startExecution(lost, lostRun, 'Succeeded');

    // Act
    const first = await sweepExecutions(deps(now));
    const second = await sweepExecutions(deps(new Date(now.getTime() + 60_000)));

    // Assess
    expect(first.reconciled + second.reconciled).toBe(1);
    expect((await history.getSummary(lostRun))?.state).toBe('SUCCEEDED');
    expect(first.deferred + second.deferred).toBe(150);
    // The crowd is still unfinished and still swept later, just not ahead of everything else.
    expect((await history.getSummary(crowd[0] as string))?.state).toBe('STARTED');
    const later = await sweepExecutions(deps(new Date(now.getTime() + 7 * HOUR)));
    expect(later.deferred).toBe(100);
  }, 60_000);
});
