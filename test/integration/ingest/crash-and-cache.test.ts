import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createDynamoAuditReader } from '../../../shared/adapters/dynamodb/audit-reader';
import { createDynamoHistoryStore } from '../../../shared/adapters/dynamodb/history-store';
import { DEFAULT_RETENTION } from '../../../shared/config/retention';
import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import { EVENTS_PER_PAGE } from '../../../shared/history/execution-summary';
import type { HistoryStore } from '../../../shared/history/history-store';
import type { Reaction } from '../../../shared/history/reaction';
import { semanticKey } from '../../../shared/history/semantic-key';
import { createSummaryCache } from '../../../shared/history/summary-cache';
import { type IngestDeps, ingestEnvelope } from '../../../shared/ingest/ingest-envelope';
import { silentLog } from '../../../shared/logging/log';
import { loadExecution } from '../../support/fixtures';
import { createTestTable, dynamoClient } from '../support/test-table';

const client = dynamoClient();
let history: HistoryStore;

const freshExecution = (): Record<string, unknown>[] => {
  const executionId = randomUUID();
  return loadExecution('prod-api-build-failed').map((envelope) => ({
    ...envelope,
    detail: { ...(envelope.detail as object), 'execution-id': executionId },
  }));
};
const at = (envelopes: Record<string, unknown>[], index: number): Record<string, unknown> => {
  const envelope = envelopes[index];
  if (!envelope) throw new Error(`no envelope ${index}`);
  return envelope;
};
const deps = (extra: Partial<IngestDeps> = {}): IngestDeps => ({
  history,
  log: silentLog,
  now: () => new Date(),
  ...extra,
});

let tableName: string;

beforeAll(async () => {
  tableName = await createTestTable(client);
  history = createDynamoHistoryStore({ client, tableName, retention: DEFAULT_RETENTION });
});

describe('ingest under crashes, retries and several containers', () => {
  it('records a long run on the summary and in history pages, and catches a paged re-delivery by its pages', async () => {
    // Prepare: the run, then retried twice (attempts 2 and 3), so windows move to pages.
    const envelopes = freshExecution();
    const attempt = (n: number) =>
      envelopes.map((envelope) => ({
        ...envelope,
        id: randomUUID(),
        time: new Date(Date.parse(String(envelope.time)) + n * 3_600_000).toISOString(),
        detail: { ...(envelope.detail as object), 'pipeline-execution-attempt': n },
      }));
    const run = [...envelopes, ...attempt(2), ...attempt(3)];
    const executionId = parsePipelineEvent(at(envelopes, 0)).executionId;
    const reader = createDynamoAuditReader({ client, tableName });

    // Act
    for (const envelope of run) await ingestEnvelope(envelope, 'test', deps());
    const failedFirst = run.find((envelope) => {
      const event = parsePipelineEvent(envelope);
      return event.level === 'stage' && event.state === 'FAILED';
    }) as Record<string, unknown>;
    const again = await ingestEnvelope({ ...failedFirst, id: randomUUID() }, 'test', deps());
    const records = await reader.executionRecords(executionId);

    // Assess: every event read back once, the paged re-delivery a duplicate, the summary without its window.
    expect(again.outcome).toBe('duplicate');
    expect(records.events.map(semanticKey).sort()).toEqual(
      run.map((e) => semanticKey(parsePipelineEvent(e))).sort(),
    );
    expect(records.summary).not.toHaveProperty('recentEvents');
    expect((await history.listPagedEvents(executionId)).length).toBe(
      Math.floor((run.length - 1) / EVENTS_PER_PAGE) * EVENTS_PER_PAGE,
    );
  });

  it('shows each event once on the timeline when a window moved to a page but the save after it failed', async () => {
    // Prepare: a full window, and the page a failed move left behind (the save after it never happened).
    const envelopes = freshExecution().slice(0, EVENTS_PER_PAGE);
    for (const envelope of envelopes) await ingestEnvelope(envelope, 'test', deps());
    const executionId = parsePipelineEvent(at(envelopes, 0)).executionId;
    const window = (await history.getSummary(executionId))?.recentEvents ?? [];
    await history.putEventPage({ executionId, index: 0, entries: window });

    // Act
    const records = await createDynamoAuditReader({ client, tableName }).executionRecords(executionId);

    // Assess
    expect(window).toHaveLength(EVENTS_PER_PAGE);
    expect(records.events.map(semanticKey).sort()).toEqual(
      envelopes.map((envelope) => semanticKey(parsePipelineEvent(envelope))).sort(),
    );
  });

  it('still finds an event recorded on its own item before history pages existed (a deploy mid-run)', async () => {
    // Prepare: attempt 2 is recorded; attempt 1's stage FAILED was recorded by the previous version only.
    const envelopes = freshExecution();
    const failedFirst = envelopes.find((envelope) => {
      const event = parsePipelineEvent(envelope);
      return event.level === 'stage' && event.state === 'FAILED';
    }) as Record<string, unknown>;
    const event = parsePipelineEvent(failedFirst);
    for (const envelope of envelopes) {
      const retried = {
        ...envelope,
        detail: { ...(envelope.detail as object), 'pipeline-execution-attempt': 2 },
      };
      await ingestEnvelope(retried, 'test', deps());
    }
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({
          pk: `EXEC#${event.executionId}`,
          sk: `EVENT#${semanticKey(event)}`,
          kind: 'event',
          time: event.time,
          recordedAt: event.time,
          level: event.level,
          state: event.state,
          event: JSON.stringify(event),
        }),
      }),
    );

    // Act
    const result = await ingestEnvelope(failedFirst, 'test', deps());

    // Assess
    expect(result.outcome).toBe('duplicate');
    const paged = (await history.listPagedEvents(event.executionId)).map((entry) => entry.key);
    const recent = (await history.getSummary(event.executionId))?.recentEvents ?? [];
    expect(
      [...paged, ...recent.map((entry) => entry.key)].filter((key) => key === semanticKey(event)),
    ).toEqual([semanticKey(event)]);
  });

  it('detects a duplicate and loses no update when another container moved the summary on', async () => {
    // Prepare
    const envelopes = freshExecution();
    const containerA = deps({ cache: createSummaryCache() });
    const containerB = deps({ cache: createSummaryCache() });
    await ingestEnvelope(at(envelopes, 0), 'a', containerA);
    await ingestEnvelope(at(envelopes, 1), 'b', containerB);

    // Act
    const duplicateInA = await ingestEnvelope(at(envelopes, 1), 'a', containerA);
    const nextInA = await ingestEnvelope(at(envelopes, 2), 'a', containerA);

    // Assess
    expect(duplicateInA.outcome).toBe('duplicate');
    expect(nextInA.outcome).toBe('new');
    const summary = await history.getSummary(parsePipelineEvent(at(envelopes, 0)).executionId);
    expect(summary?.version).toBe(3);
    expect(Object.keys(summary?.stages ?? {})).toEqual(['Source']);
    expect(Object.keys(summary?.actions ?? {})).toEqual(['Source/Source']);
  });

  it('replays reactions on re-delivery when the first delivery failed while reacting', async () => {
    // Prepare
    const envelopes = freshExecution();
    const seen: Array<{ outcome: string; replay?: boolean }> = [];
    let failNext = true;
    const reaction: Reaction = async (outcome) => {
      seen.push({ outcome: outcome.outcome, replay: outcome.replay });
      if (failNext) {
        failNext = false;
        throw new Error('Slack was down');
      }
    };
    await expect(ingestEnvelope(at(envelopes, 0), 'test', deps({ reactions: [reaction] }))).rejects.toThrow();

    // Act
    const redelivery = await ingestEnvelope(at(envelopes, 0), 'test', deps({ reactions: [reaction] }));
    const third = await ingestEnvelope(at(envelopes, 0), 'test', deps({ reactions: [reaction] }));

    // Assess: the failed delivery saved nothing (the event is recorded by the save), so the re-delivery is a
    // first delivery again: it applies the event, reacts and records it, once.
    expect(redelivery.outcome).toBe('new');
    expect(third.outcome).toBe('duplicate');
    expect(seen).toEqual([
      { outcome: 'new', replay: undefined },
      { outcome: 'new', replay: undefined },
    ]);
    const summary = await history.getSummary(parsePipelineEvent(at(envelopes, 0)).executionId);
    expect(summary?.recentEvents?.map((entry) => entry.key)).toEqual([
      semanticKey(parsePipelineEvent(at(envelopes, 0))),
    ]);
  });

  it('applies one execution of concurrent events exactly once each', async () => {
    // Prepare
    const envelopes = freshExecution();
    const twice = [...envelopes, ...envelopes];

    // Act
    const results = await Promise.all(twice.map((envelope) => ingestEnvelope(envelope, 'test', deps())));

    // Assess
    expect(results.filter((r) => r.outcome !== 'duplicate')).toHaveLength(envelopes.length);
    const summary = await history.getSummary(parsePipelineEvent(at(envelopes, 0)).executionId);
    expect(summary?.version).toBe(envelopes.length);
    expect(summary?.state).toBe('FAILED');
  });
});
