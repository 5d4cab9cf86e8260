import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { buildEnvelope } from '../../local/simulator/envelopes';
import { scriptExecution } from '../../local/simulator/execution-script';
import { createDynamoApprovalStore } from '../../shared/adapters/dynamodb/approval-store';
import { createDynamoAuditTrail } from '../../shared/adapters/dynamodb/audit-store';
import { createDynamoHistoryStore } from '../../shared/adapters/dynamodb/history-store';
import type { ApprovalRecord } from '../../shared/approvals/approval-record';
import { DEFAULT_RETENTION } from '../../shared/config/retention';
import { createSummaryCache } from '../../shared/history/summary-cache';
import { ingestEnvelope } from '../../shared/ingest/ingest-envelope';
import { silentLog } from '../../shared/logging/log';
import { runConcurrently } from './bench-env';
import { benchPlan, LONG_STAGES } from './demo-executions';

const DAY = 86_400_000;
export const APPROVERS = Array.from({ length: 10 }, (_, i) => `approver${i}@example.com`);

export interface Seeded {
  executionIds: string[];
  events: number;
  approvals: number;
  auditEntries: number;
}

/**
 * Seeds the table the way production fills it: every execution's events through the real ingest path
 * (history + summary), approvals through the approval store and the audit trail through its real writer.
 */
export const seedAuditData = async (
  client: DynamoDBClient,
  tableName: string,
  options: { executions: number; approvals: number; days: number; now: Date },
): Promise<Seeded> => {
  const base = { client, tableName, retention: DEFAULT_RETENTION };
  const history = createDynamoHistoryStore(base);
  const approvals = createDynamoApprovalStore(base);
  const cache = createSummaryCache();
  const spread = (options.days * DAY) / options.executions;
  const first = options.now.getTime() - options.days * DAY;
  const executionIds: string[] = [];
  let events = 0;
  await runConcurrently(
    Array.from({ length: options.executions }, (_, n) => n),
    16,
    async (n) => {
      const plan = benchPlan(n, new Date(first + n * spread), LONG_STAGES);
      executionIds.push(plan.executionId);
      for (const spec of await scriptExecution(plan)) {
        await ingestEnvelope(buildEnvelope(spec), 'seed', {
          history,
          log: silentLog,
          now: () => new Date(spec.time),
          cache,
        });
        events += 1;
      }
    },
  );

  let auditEntries = 0;
  await runConcurrently(
    Array.from({ length: options.approvals }, (_, n) => n),
    16,
    async (n) => {
      const executionId = executionIds[(n * 7) % executionIds.length] as string;
      const requestedAt = new Date(first + (n * options.days * DAY) / options.approvals);
      const approver = APPROVERS[n % APPROVERS.length] as string;
      const pending = n % 10 === 0;
      const record: ApprovalRecord = {
        approvalId: randomUUID(),
        pipeline: `svc-${n % 20}`,
        executionId,
        stage: 'Approval',
        action: 'ManualApproval',
        requestedAt: requestedAt.toISOString(),
        expiresAt: new Date(requestedAt.getTime() + 7 * DAY).toISOString(),
        status: pending ? 'pending' : 'approved',
        slackMessages: [],
        emailRecipients: [approver],
        version: 1,
        ...(pending
          ? {}
          : {
              decision: 'Approved' as const,
              decidedBy: { id: approver, email: approver },
              channel: 'slack' as const,
            }),
      };
      await approvals.create(record);
      const at = (minutes: number) => new Date(requestedAt.getTime() + minutes * 60_000).toISOString();
      const trail = createDynamoAuditTrail({ ...base, now: () => requestedAt });
      const common = {
        executionId,
        approvalId: record.approvalId,
        pipeline: record.pipeline,
        stage: 'Approval',
        actionName: 'ManualApproval',
      };
      await trail.append({
        ...common,
        at: at(0),
        action: 'approval.requested',
        outcome: 'ok',
        channel: 'system',
      });
      await trail.append({
        ...common,
        at: at(3),
        action: 'approval.refused',
        outcome: 'refused',
        reason: 'NOT_ALLOWED',
        channel: 'slack',
        actor: { id: 'intruder@example.com', email: 'intruder@example.com' },
      });
      auditEntries += 2;
      if (!pending) {
        await trail.append({
          ...common,
          at: at(9),
          action: 'approval.decided',
          outcome: 'ok',
          channel: 'slack',
          decision: 'Approved',
          actor: { id: approver, email: approver },
          comment: `ok, "ship it", run ${n}`,
        });
        auditEntries += 1;
      }
    },
  );
  return { executionIds, events, approvals: options.approvals, auditEntries };
};
