import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createDynamoAuditTrail } from '../../../../shared/adapters/dynamodb/audit-store';
import { createDynamoHistoryStore } from '../../../../shared/adapters/dynamodb/history-store';
import type { ApprovalRecord } from '../../../../shared/approvals/approval-record';
import type { AuditEntry } from '../../../../shared/audit/audit-entry';
import { DEFAULT_RETENTION } from '../../../../shared/config/retention';
import type { ExecutionState, PipelineEvent } from '../../../../shared/events/pipeline-event';
import type {
  ActionSummary,
  ExecutionSummary,
  StageSummary,
} from '../../../../shared/history/execution-summary';
import { semanticKey } from '../../../../shared/history/semantic-key';
import type { EventFields } from '../../../support/pipeline-events';

/** What a test says about an execution; the rest of the summary is filled in plausibly. */
export interface SeedExecution {
  executionId: string;
  pipeline: string;
  startTime: string;
  state?: ExecutionState;
  endTime?: string;
  /** Stage name → [start, end] (ISO), in run order. */
  stages?: Record<string, [string, string | undefined, ExecutionState]>;
  failure?: { stage: string; action: string; errorCode: string; summary: string; externalUrl?: string };
}

const toSummary = (seed: SeedExecution): ExecutionSummary => {
  const stages: Record<string, StageSummary> = {};
  for (const [name, [startedAt, endedAt, state]] of Object.entries(seed.stages ?? {})) {
    stages[name] = {
      name,
      state,
      attempt: 1,
      startedAt,
      endedAt,
      updatedAt: endedAt ?? startedAt,
      firstSeenAt: startedAt,
    };
  }
  const actions: Record<string, ActionSummary> = {};
  if (seed.failure) {
    const at = seed.endTime ?? seed.startTime;
    actions[`${seed.failure.stage}/${seed.failure.action}`] = {
      stage: seed.failure.stage,
      action: seed.failure.action,
      state: 'FAILED',
      attempt: 1,
      updatedAt: at,
      result: {
        errorCode: seed.failure.errorCode,
        summary: seed.failure.summary,
        externalUrl: seed.failure.externalUrl,
      },
    };
  }
  return {
    executionId: seed.executionId,
    pipeline: seed.pipeline,
    state: seed.state ?? 'SUCCEEDED',
    attempt: 1,
    startTime: seed.startTime,
    endTime: seed.endTime,
    durationMs: seed.endTime ? Date.parse(seed.endTime) - Date.parse(seed.startTime) : undefined,
    stages,
    actions,
    lastEventAt: seed.endTime ?? seed.startTime,
    version: 1,
  };
};

/** A pipeline event shaped like the normaliser's output. */
export const pipelineEvent = (fields: EventFields<'eventId' | 'attempt'>): PipelineEvent => ({
  eventId: `ev-${fields.time}-${fields.level}-${fields.state}`,
  attempt: 1,
  ...fields,
});

/** An approval record as the lead's approval store keeps it. */
export const approvalRecord = (
  fields: Pick<ApprovalRecord, 'approvalId' | 'executionId' | 'pipeline' | 'expiresAt'> &
    Partial<ApprovalRecord>,
): ApprovalRecord => ({
  stage: 'Approval',
  action: 'ManualApproval',
  requestedAt: '2026-07-15T09:00:00.000Z',
  status: 'pending',
  slackMessages: [{ channel: 'C1', ts: '1.2', cardChannel: '#deploys' }],
  emailRecipients: ['jane@example.com'],
  version: 1,
  ...fields,
});

/**
 * Writes test data through the real stores (history, audit trail) and, for approvals, with PutItems shaped
 * exactly like the approval store's (pk EXEC#, sk APPROVAL#, sparse gsi3 PENDING while pending).
 */
export const createSeeder = (client: DynamoDBClient, tableName: string, now = () => new Date()) => {
  const history = createDynamoHistoryStore({ client, tableName, retention: DEFAULT_RETENTION, now });
  const audit = createDynamoAuditTrail({ client, tableName, retention: DEFAULT_RETENTION, now });
  const pages = new Map<string, number>();
  return {
    audit,
    async execution(seed: SeedExecution): Promise<void> {
      await history.saveSummary(toSummary(seed), undefined);
    },
    /**
     * Records an event on its own history page (the next free index of its execution) and, when the
     * execution's summary is seeded, counts the page on it as ingest would (readers skip uncounted pages).
     */
    async event(event: PipelineEvent): Promise<void> {
      const index = pages.get(event.executionId) ?? 0;
      pages.set(event.executionId, index + 1);
      await history.putEventPage({
        executionId: event.executionId,
        index,
        entries: [{ key: semanticKey(event), event, recordedAt: event.time }],
      });
      const summary = await history.getSummary(event.executionId);
      if (!summary) return;
      const counted = { ...summary, eventPages: index + 1, version: summary.version + 1 };
      await history.saveSummary(counted, summary.version);
    },
    async approval(record: ApprovalRecord): Promise<void> {
      const pending = record.status === 'pending';
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall(
            {
              pk: `EXEC#${record.executionId}`,
              sk: `APPROVAL#${record.approvalId}`,
              kind: 'approval',
              status: record.status,
              version: record.version,
              gsi3pk: pending ? 'PENDING' : undefined,
              gsi3sk: pending ? `${record.expiresAt}#${record.approvalId}` : undefined,
              record: JSON.stringify(record),
              expiresAt: 4_000_000_000,
            },
            { removeUndefinedValues: true },
          ),
        }),
      );
    },
    /** An unrelated item in an execution's partition (the timeline must ignore it). */
    async notificationMark(executionId: string): Promise<void> {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({ pk: `EXEC#${executionId}`, sk: 'NOTIFY#slack#card', kind: 'notify', ts: '1.2' }),
        }),
      );
    },
    entry(input: Omit<AuditEntry, 'id' | 'at'> & { at: string }): Promise<AuditEntry> {
      return audit.append(input);
    },
  };
};

export type Seeder = ReturnType<typeof createSeeder>;

/** Runs `work` over `items` with at most `concurrency` in flight (seeding thousands of entries quickly). */
export const inBatches = async <T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>) => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};
