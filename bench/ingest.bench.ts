import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { buildEnvelope } from '../local/simulator/envelopes';
import { scriptExecution } from '../local/simulator/execution-script';
import { createDynamoHistoryStore } from '../shared/adapters/dynamodb/history-store';
import { DEFAULT_RETENTION } from '../shared/config/retention';
import type { HistoryStore } from '../shared/history/history-store';
import { createKeyedQueue } from '../shared/history/keyed-queue';
import { createSummaryCache } from '../shared/history/summary-cache';
import { ingestEnvelope } from '../shared/ingest/ingest-envelope';
import { silentLog } from '../shared/logging/log';
import { benchTable, round, runConcurrently, writeResult } from './support/bench-env';

const TOTAL_EVENTS = 10_000;
const DUPLICATE_SHARE = 0.3;
const CONCURRENCY = 8;

/** Counts write requests (conditional ones that fail still consume a write request). */
const countingStore = (base: HistoryStore, counter: { writes: number }): HistoryStore => ({
  getSummary: (id) => base.getSummary(id),
  listPagedEvents: (id) => base.listPagedEvents(id),
  listIdle: (before, limit) => base.listIdle(before, limit),
  deferIdle: (summary, newsAt) => base.deferIdle(summary, newsAt),
  putEventPage: (page) => {
    counter.writes += 1;
    return base.putEventPage(page);
  },
  saveSummary: (summary, version) => {
    counter.writes += 1;
    return base.saveSummary(summary, version);
  },
  recordInvalidInput: (input) => {
    counter.writes += 1;
    return base.recordInvalidInput(input);
  },
});

const makeWorkload = async (): Promise<Record<string, unknown>[]> => {
  const unique: Record<string, unknown>[] = [];
  const start = Date.parse('2026-11-01T00:00:00Z');
  for (let n = 0; unique.length < TOTAL_EVENTS * (1 - DUPLICATE_SHARE); n += 1) {
    const specs = await scriptExecution({
      pipeline: `bench-${n % 20}`,
      executionId: randomUUID(),
      start: new Date(start + n * 60_000),
      trigger: { 'execution-trigger': { 'trigger-type': 'StartPipelineExecution' } },
      stages: ['Source', 'Build', 'Test', 'Deploy'].map((name) => ({
        name,
        actions: [{ name, category: name === 'Source' ? 'Source' : 'Build', provider: 'CodeBuild' }],
      })),
    });
    unique.push(...specs.map(buildEnvelope));
  }
  const duplicates = Array.from({ length: TOTAL_EVENTS - unique.length }, (_, i) => {
    const original = unique[(i * 7919) % unique.length] as Record<string, unknown>;
    // Half the re-deliveries keep the envelope id, half get a new one with the same content.
    return i % 2 === 0 ? original : { ...original, id: randomUUID() };
  });
  const all = [...unique, ...duplicates];
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j] as Record<string, unknown>, all[i] as Record<string, unknown>];
  }
  return all;
};

const main = async (): Promise<void> => {
  const { dynalite, client, tableName } = await benchTable();
  const base = createDynamoHistoryStore({ client, tableName, retention: DEFAULT_RETENTION });
  const workload = await makeWorkload();
  // One process plays one Lambda container: it keeps the summaries it saved, as functions/ingest does.
  const cache = createSummaryCache();
  const queue = createKeyedQueue();
  const writes = { new: 0, stale: 0, duplicate: 0, invalid: 0 };
  const counts = { new: 0, stale: 0, duplicate: 0, invalid: 0 };

  const rawPut = async (round: string): Promise<number> => {
    const start = performance.now();
    await runConcurrently(workload, CONCURRENCY, async (envelope, index) => {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            pk: { S: `RAW#${round}#${index}` },
            sk: { S: 'RAW' },
            body: { S: JSON.stringify(envelope) },
          },
        }),
      );
    });
    return (performance.now() - start) / 1000;
  };
  // The raw rate is measured before and after ingest (the table grows), and averaged.
  const rawBefore = await rawPut('before');

  const ingestStart = performance.now();
  await runConcurrently(workload, CONCURRENCY, async (envelope) => {
    const counter = { writes: 0 };
    const history = countingStore(base, counter);
    const result = await ingestEnvelope(envelope, 'bench', {
      history,
      log: silentLog,
      now: () => new Date(),
      cache,
      queue,
    });
    writes[result.outcome] += counter.writes;
    counts[result.outcome] += 1;
  });
  const ingestSeconds = (performance.now() - ingestStart) / 1000;

  const rawSeconds = (rawBefore + (await rawPut('after'))) / 2;
  await dynalite.close();

  const eventsPerSecond = workload.length / ingestSeconds;
  const rawPutsPerSecond = workload.length / rawSeconds;
  const firstSeen = counts.new + counts.stale;
  writeResult('ingest', {
    events: workload.length,
    concurrency: CONCURRENCY,
    outcomes: counts,
    eventsPerSecond: round(eventsPerSecond),
    rawDynalitePutItemPerSecond: round(rawPutsPerSecond),
    ratio: round(eventsPerSecond / rawPutsPerSecond),
    writesPerNewEvent: round((writes.new + writes.stale) / Math.max(1, firstSeen)),
    writesPerDuplicate: round(writes.duplicate / Math.max(1, counts.duplicate)),
    targets: { writesPerNewEvent: '<= 2', writesPerDuplicate: '<= 1', ratio: '>= 0.5' },
  });
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
