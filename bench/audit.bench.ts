import { cpus } from 'node:os';
import { createDynamoAuditReader } from '../shared/adapters/dynamodb/audit-reader';
import { createCursorCodec } from '../shared/audit/cursor';
import type { TimeRangeInput } from '../shared/audit/time-range';
import {
  type AuditQueryDeps,
  getExecutionTimeline,
  type ListResult,
  listAuditEntries,
  listDecisions,
  listExecutions,
  listFailures,
  listPending,
} from '../shared/reports/queries';
import { measureChainContention } from './support/audit-chain-contention';
import { checkCompleteness } from './support/audit-checks';
import { benchExport } from './support/audit-export';
import { auditFindings } from './support/audit-findings';
import { measureQuery, type QueryCall, type QueryStats } from './support/audit-measure';
import { meterReads } from './support/audit-meter';
import { APPROVERS, PIPELINES, type RunKind } from './support/audit-plans';
import { seedAuditData } from './support/audit-seed';
import { benchTable, round, writeResult } from './support/bench-env';

const EXECUTIONS = 5_000;
const DAYS = 90;
const CONCURRENCY = 16;
const RUNS = 50;
/** Every third call also fetches the next page with the cursor it returned (when there is one). */
const FOLLOW_EVERY = 3;
const LIMITS = [50, 20, 100];
const DAY = 86_400_000;
/** Concurrent audit writers on one day, each appending this many entries, with 1 lane and with 8. */
const CHAIN_WRITERS = 16;
const CHAIN_ENTRIES_PER_WRITER = 25;

/**
 * Varied windows: relative ones as operators type them, and fixed two-week windows in the past. The window
 * turns with i / 10 too, so that with 10 approvers (or 20 pipelines) each one meets every kind of window.
 */
const windowFor = (i: number, now: Date): TimeRangeInput => {
  const relative = ['1d', '7d', '30d', '90d'][(i + Math.floor(i / 10)) % 5];
  if (relative) return { since: relative };
  const end = now.getTime() - (1 + ((i * 7) % 75)) * DAY;
  return { from: new Date(end - 14 * DAY).toISOString(), to: new Date(end).toISOString() };
};

const listed = <T>(page: ListResult<T>) => ({ returned: page.items.length, nextCursor: page.nextCursor });
const limitFor = (i: number): number => LIMITS[Math.floor(i / 5) % LIMITS.length] as number;

const main = async (): Promise<void> => {
  const { dynalite, client, tableName } = await benchTable('pipegate-audit-bench');
  const meter = meterReads(client);
  // First, on an empty table and on days far from the seeded 90: the same burst with one chain per day (as
  // before lanes) and with the default 8 lanes, in the same run.
  // An unreported warm-up burst first, so neither measured run pays for the process's first writes.
  await measureChainContention(client, tableName, meter, {
    lanes: 8,
    day: '2024-12-31',
    writers: 4,
    perWriter: 5,
  });
  const chainRuns = [];
  for (const [lanes, day] of [
    [1, '2025-01-01'],
    [8, '2025-01-02'],
  ] as const) {
    chainRuns.push(
      await measureChainContention(client, tableName, meter, {
        lanes,
        day,
        writers: CHAIN_WRITERS,
        perWriter: CHAIN_ENTRIES_PER_WRITER,
      }),
    );
  }
  const [oneChain, eightLanes] = chainRuns;
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const began = performance.now();
  const seeded = await seedAuditData(client, tableName, {
    executions: EXECUTIONS,
    days: DAYS,
    now,
    concurrency: CONCURRENCY,
    seed: 20_261_127,
  });
  const seedSeconds = (performance.now() - began) / 1000;
  const deps: AuditQueryDeps = {
    reader: createDynamoAuditReader({ client, tableName }),
    cursors: createCursorCodec('bench-cursor-key-0123456789abcdef'),
    now: () => now,
  };

  const runsOf = (kind: RunKind) => seeded.runs.filter((run) => run.kind === kind);
  const timelineKinds: RunKind[] = ['approval', 'failed', 'superseded', 'succeeded', 'succeeded'];
  const byKind = new Map(timelineKinds.map((kind) => [kind, runsOf(kind)]));
  const calls: Record<string, QueryCall> = {
    executionsByPipeline: async (i, cursor) =>
      listed(
        await listExecutions(
          {
            pipeline: PIPELINES[i % PIPELINES.length] as string,
            ...windowFor(i, now),
            limit: limitFor(i),
            cursor,
          },
          deps,
        ),
      ),
    executionTimeline: async (i) => {
      const kind = timelineKinds[i % timelineKinds.length] as RunKind;
      const runs = byKind.get(kind) ?? [];
      const run = runs[(i * 37) % runs.length];
      if (!run) throw new Error(`no ${kind} run seeded`);
      const timeline = await getExecutionTimeline(run.executionId, deps);
      const items = timeline.events.length + timeline.approvals.length + timeline.audit.length;
      return { returned: items + (timeline.execution ? 1 : 0), group: kind };
    },
    decisionsByApprover: async (i, cursor) => {
      const approver = APPROVERS[i % APPROVERS.length] as string;
      const limit = limitFor(i);
      const page = await listDecisions({ approver, ...windowFor(i, now), limit, cursor }, deps);
      // The first three approvers decide over half of all approvals (audit-plans.ts weights).
      const who = i % APPROVERS.length < 3 ? 'busiest 3 approvers' : 'other 7 approvers';
      return { ...listed(page), group: `${who}, limit ${limit}` };
    },
    decisionsAllApprovers: async (i, cursor) =>
      listed(await listDecisions({ ...windowFor(i, now), limit: limitFor(i), cursor }, deps)),
    failuresByRange: async (i, cursor) =>
      listed(await listFailures({ ...windowFor(i, now), limit: limitFor(i), cursor }, deps)),
    pendingApprovals: async (i, cursor) =>
      listed(await listPending({ limit: [50, 10, 25][i % 3] as number, cursor }, deps)),
    auditEntriesByRange: async (i, cursor) =>
      listed(await listAuditEntries({ ...windowFor(i, now), limit: limitFor(i), cursor }, deps)),
  };
  const queries: Record<string, QueryStats> = {};
  for (const [name, call] of Object.entries(calls)) {
    queries[name] = await measureQuery(meter, RUNS, call, name === 'executionTimeline' ? 0 : FOLLOW_EVERY);
  }

  const since = `${DAYS}d`;
  const exported = {
    csv: await benchExport('csv', since, deps, meter),
    jsonl: await benchExport('jsonl', since, deps, meter),
  };
  const checks = await checkCompleteness(seeded, deps, DAYS);

  const failed = seeded.runs.filter((run) => run.state === 'FAILED').length;
  const runsByKind = Object.fromEntries(
    (['succeeded', 'failed', 'superseded', 'approval'] as const).map((kind) => [kind, runsOf(kind).length]),
  );
  writeResult('audit', {
    note:
      'dynalite in its own process; itemsRead = ScannedCount summed over every Query (what DynamoDB bills), ' +
      'itemsReturned = items the query function gave its caller (for executionTimeline, records: a history page ' +
      'item holds up to 8 events); pages = Query requests; latency per call',
    machine: { cpus: cpus().length },
    seeding: {
      executions: seeded.runs.length,
      pipelines: PIPELINES.length,
      days: DAYS,
      events: seeded.events,
      eventsPerExecution: round(seeded.events / seeded.runs.length, 1),
      runsByKind,
      failedExecutions: failed,
      failureRate: round(failed / seeded.runs.length, 3),
      approvals: { total: seeded.approvalRuns.length, ...seeded.approvals.byFate },
      approvers: APPROVERS.length,
      auditEntries: seeded.auditEntries,
      auditEntriesByAction: seeded.approvals.entriesByAction,
      refusedByReason: seeded.approvals.refusedByReason,
      notificationMarks: seeded.notificationMarks,
      concurrency: CONCURRENCY,
      seconds: {
        total: round(seedSeconds),
        executions: round(seeded.seconds.executions),
        approvals: round(seeded.seconds.approvals),
      },
      eventsPerSecond: round(seeded.events / seeded.seconds.executions),
      how: [
        'runs start uniformly over the 90 days before now (the last one an hour before), 20 pipelines; every ' +
          '10th run has a manual approval, of the others ~15 % fail (Build, Test or Deploy) and ~5 % are ' +
          'superseded; approvals are decided by 10 approvers, a few of them doing most (bench/support/audit-plans.ts)',
        'every event through the real ingest path (ingestEnvelope + createDynamoHistoryStore, summary cache), ' +
          "one run's events in order, 16 runs in flight; runs from local/simulator scriptExecution + buildEnvelope",
        'after each new event, the notification marks the notify reaction leaves (Slack card, thread replies, ' +
          'SNS emails, as pipegate.config.yaml routes them) through createDynamoNotificationStore + deliverOnce; ' +
          'card re-renders (updates of the same item) and markReacted updates are skipped',
        'approvals through createDynamoApprovalStore (create, then claimApproval/settleApproval), request, ' +
          'refused attempts, decision, reminder and expiry entries through createDynamoAuditTrail',
      ],
    },
    parameters: {
      callsPerQuery: RUNS,
      limits: LIMITS,
      windows: ['since 1d', 'since 7d', 'since 30d', 'since 90d', 'fixed 14-day windows 1-75 days ago'],
      pipelinesOrApprovers: 'each call the next pipeline / approver, every one meets every window',
      timeline: 'runs of every kind: approval, failed, superseded, succeeded x2',
      followNextPage: `one call in ${FOLLOW_EVERY} also fetches the page after it (cursor), when there is one`,
    },
    queries,
    chainContention: {
      how:
        `${CHAIN_WRITERS} writers at once, each appending ${CHAIN_ENTRIES_PER_WRITER} entries to one day through ` +
        'createDynamoAuditTrail (the production retry pause), first with 1 lane (one chain per day, as before ' +
        'lanes), then with 8 (the default); lost races counted through the pause hook; then that day verified ' +
        '(verifyAudit + createDynamoChainDayReader)',
      runs: chainRuns,
      throughputRatio:
        oneChain && eightLanes ? round(eightLanes.entriesPerSecond / oneChain.entriesPerSecond, 2) : null,
      lostRacesRatio:
        oneChain && eightLanes?.lostRaces ? round(oneChain.lostRaces / eightLanes.lostRaces, 1) : null,
    },
    export: exported,
    checks,
    scanCommands: meter.now().scans,
    targets: { readPerReturned: '<= 1.2', scanCommands: 0 },
    missedTargets: Object.entries(queries)
      .filter(([, stats]) => (stats.readPerReturned ?? 0) > 1.2)
      .map(([name, stats]) => `${name}: ${stats.readPerReturned} items read per item returned`),
    findings: auditFindings(queries, seeded),
  });
  await dynalite.close();
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
