import { randomUUID } from 'node:crypto';
import { createDynamoHistoryStore } from '../../../shared/adapters/dynamodb/history-store';
import { DEFAULT_RETENTION } from '../../../shared/config/retention';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import type { HistoryStore } from '../../../shared/history/history-store';
import { type IngestDeps, ingestEnvelope } from '../../../shared/ingest/ingest-envelope';
import { silentLog } from '../../../shared/logging/log';
import { loadExecution, loadFixture, shuffled, withNewId } from '../../support/fixtures';
import { itemsUnder, recordedEvents } from '../support/table-items';
import { createTestTable, dynamoClient } from '../support/test-table';

const client = dynamoClient();
let tableName: string;
let history: HistoryStore;
let deps: IngestDeps;

/** Gives an execution's envelopes a fresh execution id so tests sharing a table never collide. */
const freshExecution = (envelopes: Record<string, unknown>[]): Record<string, unknown>[] => {
  const executionId = randomUUID();
  return envelopes.map((envelope) => ({
    ...envelope,
    detail: { ...(envelope.detail as object), 'execution-id': executionId },
  }));
};
const executionIdOf = (envelope: Record<string, unknown>): string =>
  (envelope.detail as Record<string, string>)['execution-id'] as string;

beforeAll(async () => {
  tableName = await createTestTable(client);
  const now = () => new Date('2026-11-20T12:00:00Z');
  history = createDynamoHistoryStore({ client, tableName, retention: DEFAULT_RETENTION, now });
  deps = { history, log: silentLog, now };
});

describe('recording CodePipeline events in DynamoDB history', () => {
  it('records a re-delivered envelope (same id) once', async () => {
    // Prepare
    const [started] = freshExecution([loadFixture('codepipeline/pipeline-started-git.json')]);
    if (!started) throw new Error('fixture missing');

    // Act
    const first = await ingestEnvelope(started, 'test', deps);
    const second = await ingestEnvelope(started, 'test', deps);

    // Assess
    expect(first.outcome).toBe('new');
    expect(second.outcome).toBe('duplicate');
    const items = await itemsUnder(client, tableName, `EXEC#${executionIdOf(started)}`);
    expect(recordedEvents(items)).toHaveLength(1);
  });

  it('treats a new envelope id with the same content as a duplicate', async () => {
    // Prepare
    const [started] = freshExecution([loadFixture('codepipeline/pipeline-started-git.json')]);
    if (!started) throw new Error('fixture missing');
    await ingestEnvelope(started, 'test', deps);

    // Act
    const redelivered = await ingestEnvelope(withNewId(started, randomUUID()), 'test', deps);

    // Assess
    expect(redelivered.outcome).toBe('duplicate');
    const summary = await history.getSummary(executionIdOf(started));
    expect(summary?.version).toBe(1);
  });

  it('builds the same summary from a shuffled, partly duplicated delivery as from the in-order one', async () => {
    // Prepare
    const inOrder = freshExecution(loadExecution('prod-api-success'));
    const messy = freshExecution(loadExecution('prod-api-success'));
    const redelivered = shuffled([...messy, ...messy.slice(0, 5).map((e) => withNewId(e, randomUUID()))], 42);

    // Act
    for (const envelope of inOrder) await ingestEnvelope(envelope, 'test', deps);
    for (const envelope of redelivered) await ingestEnvelope(envelope, 'test', deps);

    // Assess
    const ordered = await history.getSummary(executionIdOf(inOrder[0] as Record<string, unknown>));
    const fromMess = await history.getSummary(executionIdOf(messy[0] as Record<string, unknown>));
    expect(fromMess?.state).toBe('SUCCEEDED');
    // The state alike; the history alike as a set (it is kept in arrival order).
    const state = ({ recentEvents: _recent, eventPages: _pages, ...rest }: ExecutionSummary) => ({
      ...rest,
      executionId: 'x',
    });
    expect(state(fromMess as ExecutionSummary)).toEqual(state(ordered as ExecutionSummary));
    const keys = async (envelope: Record<string, unknown>) =>
      recordedEvents(await itemsUnder(client, tableName, `EXEC#${executionIdOf(envelope)}`))
        .map((entry) => entry.key.replace(/#[0-9a-f-]{36}$/, ''))
        .sort();
    expect(await keys(messy[0] as Record<string, unknown>)).toEqual(
      await keys(inOrder[0] as Record<string, unknown>),
    );
  });

  it('keeps a late STARTED in history without moving the summary back', async () => {
    // Prepare
    const [started, succeeded] = freshExecution([
      loadFixture('codepipeline/pipeline-started-git.json'),
      loadFixture('codepipeline/pipeline-succeeded.json'),
    ]);
    if (!started || !succeeded) throw new Error('fixture missing');
    await ingestEnvelope(succeeded, 'test', deps);

    // Act
    const late = await ingestEnvelope(started, 'test', deps);

    // Assess
    expect(late.outcome).toBe('stale');
    const summary = await history.getSummary(executionIdOf(started));
    expect(summary?.state).toBe('SUCCEEDED');
    expect(summary?.trigger?.commitId).toBeDefined();
    const events = recordedEvents(await itemsUnder(client, tableName, `EXEC#${executionIdOf(started)}`));
    expect(events.map((entry) => entry.event.state).sort()).toEqual(['STARTED', 'SUCCEEDED']);
  });

  it('records malformed input as an error item instead of throwing', async () => {
    // Prepare
    const malformed = loadFixture('codepipeline/malformed/missing-execution-id.json');

    // Act
    const result = await ingestEnvelope(malformed, 'test', deps);

    // Assess
    expect(result.outcome).toBe('invalid');
    const errors = await itemsUnder(client, tableName, 'ERROR#2026-11-20');
    expect(errors.some((item) => String(item.reason).includes('execution-id'))).toBe(true);
  });

  it('gives every item the TTL attribute from the configured retention', async () => {
    // Prepare
    const [started] = freshExecution([loadFixture('codepipeline/pipeline-started-git.json')]);
    if (!started) throw new Error('fixture missing');

    // Act
    await ingestEnvelope(started, 'test', deps);

    // Assess
    const items = await itemsUnder(client, tableName, `EXEC#${executionIdOf(started)}`);
    const expected = Date.parse('2026-11-20T12:00:00Z') / 1000 + 400 * 86_400;
    expect(items.map((item) => item.expiresAt)).toEqual(items.map(() => expected));
  });
});
