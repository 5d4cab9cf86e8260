import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { buildEnvelope } from '../../local/simulator/envelopes';
import { createDynamoHistoryStore } from '../../shared/adapters/dynamodb/history-store';
import { loadConfig } from '../../shared/config/load-config';
import { DEFAULT_RETENTION } from '../../shared/config/retention';
import { createSummaryCache } from '../../shared/history/summary-cache';
import { ingestEnvelope } from '../../shared/ingest/ingest-envelope';
import { silentLog } from '../../shared/logging/log';
import { type PlannedRun, planRun, type RunKind, scriptRun, seededRandom } from './audit-plans';
import { type ApprovalRun, type ApprovalTally, createApprovalSeeder } from './audit-seed-approvals';
import { createMarkWriter } from './audit-seed-marks';
import { runConcurrently } from './bench-env';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const CONFIG_FILE = join(__dirname, '..', '..', 'pipegate.config.yaml');
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:pipegate';

export interface SeededRun {
  executionId: string;
  pipeline: string;
  kind: RunKind;
  state: string;
  startTime: string;
}

export interface Seeded {
  runs: SeededRun[];
  approvalRuns: ApprovalRun[];
  events: number;
  notificationMarks: number;
  auditEntries: number;
  forgedRequests: number;
  approvals: ApprovalTally;
  seconds: { executions: number; approvals: number };
}

/** The approval in a run's envelopes: its id, when it was requested and when its action ended. */
const approvalOf = (run: PlannedRun, specs: Awaited<ReturnType<typeof scriptRun>>) => {
  const steps = specs.filter((spec) => spec.level === 'action' && spec.category === 'Approval');
  const started = steps.find((spec) => spec.state === 'STARTED');
  const ended = steps.find((spec) => spec.state !== 'STARTED');
  if (!run.approval || !started?.actionExecutionId) return undefined;
  return {
    approvalId: started.actionExecutionId,
    requestedAt: started.time,
    ...(ended ? { endedAt: ended.time } : {}),
  };
};

/**
 * Seeds the table the way production fills it. Every run's events go through the real ingest path (history +
 * summary, one run's events in order, `concurrency` runs at once like parallel SQS pollers), followed by the
 * notification marks the notify reaction would leave; then every approval through the approval store and the
 * audit trail (see audit-seed-approvals.ts). Runs start uniformly over `days` before `now`.
 */
export const seedAuditData = async (
  client: DynamoDBClient,
  tableName: string,
  options: { executions: number; days: number; now: Date; concurrency: number; seed: number },
): Promise<Seeded> => {
  const random = seededRandom(options.seed);
  const history = createDynamoHistoryStore({ client, tableName, retention: DEFAULT_RETENTION });
  const cache = createSummaryCache();
  const marks = createMarkWriter(
    client,
    tableName,
    loadConfig(CONFIG_FILE, { PIPEGATE_TOPIC_ARN: TOPIC_ARN }),
  );
  const first = options.now.getTime() - options.days * DAY;
  // The last run starts an hour before `now`, so every finished run has finished by then.
  const spread = (options.days * DAY - HOUR) / options.executions;
  const planned = Array.from({ length: options.executions }, (_, n) =>
    planRun(n, new Date(first + (n + random() * 0.9) * spread), options.now, random),
  );

  const runs: SeededRun[] = [];
  const approvalRuns: ApprovalRun[] = [];
  let events = 0;
  const began = performance.now();
  await runConcurrently(planned, options.concurrency, async (run) => {
    const specs = await scriptRun(run);
    let state = 'IN PROGRESS';
    let trigger: ApprovalRun['trigger'];
    for (const spec of specs) {
      const result = await ingestEnvelope(buildEnvelope(spec), 'seed', {
        history,
        log: silentLog,
        now: () => new Date(Date.parse(spec.time) + 1_500),
        cache,
      });
      if (result.outcome === 'invalid') throw new Error(`seed event refused: ${result.reason}`);
      // The notify reaction runs for new events only (createNotifyReaction).
      if (result.outcome === 'new') await marks.afterEvent(result.event);
      state = result.summary.state ?? state;
      trigger = result.summary.trigger;
      events += 1;
    }
    const { plan } = run;
    runs.push({
      executionId: plan.executionId,
      pipeline: plan.pipeline,
      kind: run.kind,
      state,
      startTime: plan.start.toISOString(),
    });
    const approval = approvalOf(run, specs);
    if (approval && run.approval) {
      const common = { executionId: plan.executionId, pipeline: plan.pipeline, author: run.author, trigger };
      approvalRuns.push({ ...common, ...approval, fate: run.approval.fate });
    }
  });
  const executionSeconds = (performance.now() - began) / 1000;

  const approvalsBegan = performance.now();
  // In time order, so approval n is the same one on every run whatever order the runs finished in.
  approvalRuns.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  const seeder = createApprovalSeeder(client, tableName, marks, { seed: options.seed, now: options.now });
  await runConcurrently(approvalRuns, options.concurrency, seeder.seedOne);
  const forgedRequests = Math.round(options.days / 7);
  for (let i = 0; i < forgedRequests; i += 1) {
    await seeder.forgedRequest(new Date(first + (i + random()) * ((options.days * DAY) / forgedRequests)));
  }
  const approvalSeconds = (performance.now() - approvalsBegan) / 1000;

  const auditEntries = Object.values(seeder.tally.entriesByAction).reduce((sum, n) => sum + n, 0);
  return {
    runs,
    approvalRuns,
    events,
    notificationMarks: marks.written(),
    auditEntries,
    forgedRequests,
    approvals: seeder.tally,
    seconds: { executions: executionSeconds, approvals: approvalSeconds },
  };
};
