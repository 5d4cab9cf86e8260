import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createDynamoAuditReader } from '../shared/adapters/dynamodb/audit-reader';
import { createCursorCodec } from '../shared/audit/cursor';
import { renderExport } from '../shared/audit/export';
import {
  type AuditQueryDeps,
  exportPages,
  getExecutionTimeline,
  listAuditEntries,
  listDecisions,
  listExecutions,
  listFailures,
  listPending,
} from '../shared/audit/queries';
import { APPROVERS, seedAuditData } from './support/audit-seed';
import { benchTable, percentile, round, writeResult } from './support/bench-env';

const RUNS = 50;

/** Counts what DynamoDB read (ScannedCount) for every Query, and any Scan (there must be none). */
const readMeter = (client: Awaited<ReturnType<typeof benchTable>>['client']) => {
  const meter = { read: 0, scans: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'ScanCommand') meter.scans += 1;
      const result = await next(args);
      const output = result.output as { ScannedCount?: number };
      meter.read += output.ScannedCount ?? 0;
      return result;
    },
    { step: 'initialize', name: 'benchReadMeter' },
  );
  return meter;
};

const main = async (): Promise<void> => {
  const { dynalite, client, tableName } = await benchTable('pipegate-audit-bench');
  const now = new Date();
  const seedStart = performance.now();
  const seeded = await seedAuditData(client, tableName, { executions: 5_000, approvals: 500, days: 90, now });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const meter = readMeter(client);
  const deps: AuditQueryDeps = {
    reader: createDynamoAuditReader({ client, tableName }),
    cursors: createCursorCodec('bench-cursor-key-0123456789abcdef'),
    now: () => now,
  };

  /** Runs one query RUNS times; returned = items the caller gets, read = items DynamoDB examined. */
  const measure = async (run: (i: number) => Promise<number>) => {
    const latencies: number[] = [];
    let returned = 0;
    const readBefore = meter.read;
    for (let i = 0; i < RUNS; i += 1) {
      const began = performance.now();
      returned += await run(i);
      latencies.push(performance.now() - began);
    }
    const read = meter.read - readBefore;
    latencies.sort((a, b) => a - b);
    return {
      itemsRead: read,
      itemsReturned: returned,
      readPerReturned: returned ? round(read / returned, 3) : null,
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
    };
  };
  const windows = ['7d', '30d', '90d'];
  const queries = {
    executionsByPipeline: await measure(
      async (i) =>
        (await listExecutions({ pipeline: `svc-${i % 20}`, since: windows[i % 3], limit: 50 }, deps)).items
          .length,
    ),
    executionTimeline: await measure(async (i) => {
      const timeline = await getExecutionTimeline(
        seeded.executionIds[(i * 97) % seeded.executionIds.length] as string,
        deps,
      );
      return (
        (timeline.execution ? 1 : 0) +
        timeline.events.length +
        timeline.approvals.length +
        timeline.audit.length
      );
    }),
    decisionsByApprover: await measure(
      async (i) =>
        (await listDecisions({ approver: APPROVERS[i % APPROVERS.length], since: '90d', limit: 50 }, deps))
          .items.length,
    ),
    failuresByRange: await measure(
      async (i) => (await listFailures({ since: windows[i % 3], limit: 50 }, deps)).items.length,
    ),
    pendingApprovals: await measure(async () => (await listPending({ limit: 50 }, deps)).items.length),
    auditEntriesByRange: await measure(
      async (i) => (await listAuditEntries({ since: windows[i % 3], limit: 100 }, deps)).items.length,
    ),
  };

  const exportRun = async (format: 'csv' | 'jsonl') => {
    let entries = 0;
    const began = performance.now();
    const pages = async function* () {
      for await (const page of exportPages({ format, since: '90d' }, deps)) {
        entries += page.length;
        yield page;
      }
    };
    const bytes = (await buffer(Readable.from(renderExport(pages(), format)))).length;
    const seconds = (performance.now() - began) / 1000;
    return { entries, bytes, seconds: round(seconds), entriesPerSecond: round(entries / seconds) };
  };

  writeResult('audit', {
    note: 'dynalite in its own process on a 2-core machine; items read = DynamoDB ScannedCount of every Query',
    seeding: {
      ...seeded,
      executionIds: undefined,
      seconds: round(seedSeconds),
      how: 'events through the real ingest path; approvals and audit entries through their real stores',
    },
    queries,
    export: { csv: await exportRun('csv'), jsonl: await exportRun('jsonl') },
    scanCommands: meter.scans,
    targets: { readPerReturned: '<= 1.2', scanCommands: 0 },
  });
  await dynalite.close();
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
