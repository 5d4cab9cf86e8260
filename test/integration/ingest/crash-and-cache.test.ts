import { randomUUID } from 'node:crypto';
import { createDynamoHistoryStore } from '../../../shared/adapters/dynamodb/history-store';
import { DEFAULT_RETENTION } from '../../../shared/config/retention';
import { parsePipelineEvent } from '../../../shared/events/normalise-event';
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

beforeAll(async () => {
  const tableName = await createTestTable(client);
  history = createDynamoHistoryStore({ client, tableName, retention: DEFAULT_RETENTION });
});

describe('ingest under crashes, retries and several containers', () => {
  it('applies an event whose earlier delivery wrote history but crashed before the summary', async () => {
    // Prepare
    const envelopes = freshExecution();
    const event = parsePipelineEvent(at(envelopes, 0));
    await history.putEvent({ key: semanticKey(event), event, recordedAt: new Date().toISOString() });

    // Act
    const result = await ingestEnvelope(at(envelopes, 0), 'test', deps());

    // Assess
    expect(result.outcome).toBe('new');
    expect((await history.getSummary(event.executionId))?.state).toBe('STARTED');
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

    // Assess: the failed delivery saved no summary, so the re-delivery applies the event and reacts again.
    expect(redelivery.outcome).toBe('new');
    expect(third.outcome).toBe('duplicate');
    expect(seen).toEqual([
      { outcome: 'new', replay: undefined },
      { outcome: 'new', replay: true },
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
