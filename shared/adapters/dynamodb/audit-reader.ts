import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { normaliseActorId } from '../../audit/query-params';
import { daysIn, type TimeRange } from '../../audit/time-range';
import type { AuditReader, ExecutionRecords } from '../../reports/audit-reader';
import { getItems } from './get-items';
import {
  actorGsiPk,
  auditDayGsiPk,
  BOOKKEEPING_PREFIX,
  executionPk,
  failedShardsOf,
  INDEX,
  PENDING_GSI_PK,
  pipelineGsiPk,
} from './keys';
import { type PartitionQuery, queryPartitions, queryWholePartition } from './paged-query';
import { storedApprovalRecordSchema } from './records/approval-record-schema';
import { storedAuditEntrySchema } from './records/audit-entry-schema';
import { decodeStored } from './records/decode-stored';
import { executionHistory } from './records/history-items';
import { summaryOf, summaryWithWindow } from './records/summary-item';
import { queryShardsNewestFirst } from './sharded-query';

export interface DynamoAuditReaderOptions {
  client: DynamoDBClient;
  tableName: string;
}

// Items are written by pipegate itself: a mismatch is a corrupt or foreign item, and an audit must not
// silently skip what it cannot read, so decoding fails loudly, naming the item.
const toSummary = summaryOf;
const toApproval = (item: Record<string, unknown>) =>
  decodeStored(item, 'record', storedApprovalRecordSchema);
const toEntry = (item: Record<string, unknown>) => decodeStored(item, 'entry', storedAuditEntrySchema);

/** Sort keys in the indexes are `<ISO time>#<id>`: "~" sorts after "#", so `to` itself is included. */
const timeBounds = (range: TimeRange) => ({ lower: range.from, upper: `${range.to}~` });

const byIndex = (
  index: (typeof INDEX)[keyof typeof INDEX],
  partition: string,
  forward: boolean,
  range?: TimeRange,
): PartitionQuery => ({
  index,
  // Each index is keyed by attributes named after it (gsi1 → gsi1pk / gsi1sk), see infra/table.yml.
  pkAttribute: `${index}pk`,
  skAttribute: `${index}sk`,
  partition,
  forward,
  ...(range ? { between: timeBounds(range) } : {}),
});

/**
 * {@link AuditReader} on the pipegate table. Every read is a Query on a key or index; per-day indexes
 * (failures, audit entries) are read day by day within the window (at most 400 days).
 * @example const reader = createDynamoAuditReader({ client: new DynamoDBClient({}), tableName: 'pipegate-prod' });
 */
export const createDynamoAuditReader = ({ client, tableName }: DynamoAuditReaderOptions): AuditReader => ({
  async executionsByPipeline(pipeline, range, page) {
    const spec = byIndex(INDEX.byPipeline, pipelineGsiPk(pipeline), false, range);
    const result = await queryPartitions(client, tableName, [spec], page);
    // The index holds keys only (a summary copy there was rewritten on every event); one batch read per page.
    const keys = result.items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
    return { ...result, items: (await getItems(client, tableName, keys)).map(toSummary) };
  },

  async executionRecords(executionId): Promise<ExecutionRecords> {
    const items = await queryWholePartition(client, tableName, executionPk(executionId), BOOKKEEPING_PREFIX);
    const summaryItem = items.find((item) => item.kind === 'summary');
    const stored = summaryItem ? summaryWithWindow(summaryItem) : undefined;
    const records: ExecutionRecords = {
      events: executionHistory(items, stored).map((entry) => entry.event),
      approvals: [],
      audit: [],
    };
    if (stored) {
      // The window of recent events is history bookkeeping, not part of the execution's state.
      const { recentEvents: _recent, eventPages: _pages, ...summary } = stored;
      records.summary = summary;
    }
    for (const item of items) {
      // Other kinds (notification marks, …) share the partition and are not part of the timeline.
      if (item.kind === 'approval') records.approvals.push(toApproval(item));
      else if (item.kind === 'audit') records.audit.push(toEntry(item));
    }
    return records;
  },

  async entriesByActor(actorId, range, page, actions) {
    const spec = byIndex(INDEX.byActor, actorGsiPk(normaliseActorId(actorId)), false, range);
    const result = await queryPartitions(client, tableName, [{ ...spec, actions }], page);
    return { ...result, items: result.items.map(toEntry) };
  },

  async entriesByDay(range, page, options = {}) {
    const days = daysIn(range);
    if (options.newestFirst) days.reverse();
    const specs = days.map((day) => ({
      ...byIndex(INDEX.byAuditDay, auditDayGsiPk(day), !options.newestFirst, range),
      actions: options.actions,
    }));
    const result = await queryPartitions(client, tableName, specs, page);
    return { ...result, items: result.items.map(toEntry) };
  },

  async failedExecutions(range, page) {
    // Each day is spread over a few shard keys (no hot partition on a bad day): read in parallel, merged.
    const specs = daysIn(range)
      .reverse()
      .map((day) => ({
        index: INDEX.byStatus,
        pkAttribute: `${INDEX.byStatus}pk`,
        skAttribute: `${INDEX.byStatus}sk`,
        partition: `FAILED#${day}`,
        shards: failedShardsOf(day),
        between: timeBounds(range),
      }));
    const result = await queryShardsNewestFirst(client, tableName, specs, page);
    return { ...result, items: result.items.map(toSummary) };
  },

  async pendingApprovals(page) {
    const spec = byIndex(INDEX.byStatus, PENDING_GSI_PK, true);
    const result = await queryPartitions(client, tableName, [spec], page);
    return { ...result, items: result.items.map(toApproval) };
  },
});

const isLoopback = (endpoint: string): boolean => {
  try {
    return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
};

/**
 * A DynamoDB client for the ops CLI. The SDK finds endpoint, region and credentials itself; only when the
 * endpoint is a local one (`npm start`, tests) and nothing else is configured does this fill in region
 * eu-west-1 and dummy credentials, so the CLI just works against the local stack.
 * @example const client = createOpsDynamoClient(process.env);
 */
export const createOpsDynamoClient = (env: Record<string, string | undefined>): DynamoDBClient => {
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
  const local = endpoint !== undefined && isLoopback(endpoint);
  const hasRegion = Boolean(env.AWS_REGION || env.AWS_DEFAULT_REGION);
  const hasCredentials = Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE);
  return new DynamoDBClient({
    // Explicit, because `env` may not be process.env (the CLI points it at the local stack `npm start` runs).
    ...(endpoint ? { endpoint } : {}),
    ...(local && !hasRegion ? { region: 'eu-west-1' } : {}),
    ...(local && !hasCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
};
