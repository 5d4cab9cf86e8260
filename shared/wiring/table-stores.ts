import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoApprovalStore } from '../adapters/dynamodb/approval-store';
import { createDynamoAuditTrail } from '../adapters/dynamodb/audit-store';
import { createDynamoHistoryStore } from '../adapters/dynamodb/history-store';
import { createDynamoNotificationStore } from '../adapters/dynamodb/notification-store';
import { createDynamoRollupStore } from '../adapters/dynamodb/rollup-store';
import type { ApprovalStore } from '../approvals/approval-store';
import type { AuditTrail } from '../audit/audit-entry';
import type { PipegateConfig } from '../config/pipegate-config';
import type { RuntimeEnv } from '../config/runtime-env';
import type { NotificationStore } from '../delivery/notification-store';
import type { HistoryStore } from '../history/history-store';
import type { RollupStore } from '../metrics/rollup-store';

/** The table's stores a writing function uses (history, approvals, notification marks, audit trail). */
export interface TableStores {
  history: HistoryStore;
  approvals: ApprovalStore;
  store: NotificationStore;
  audit: AuditTrail;
  /** Per-pipeline daily rollups of finished runs (delivery metrics). */
  rollups: RollupStore;
}

/**
 * The stores over one DynamoDB client, with retention from the config file overridden by the environment.
 * @example const stores = createTableStores(dynamodb, readRuntimeEnv(), configFromEnv(), () => new Date());
 */
export const createTableStores = (
  client: DynamoDBClient,
  env: RuntimeEnv,
  config: PipegateConfig,
  now: () => Date,
): TableStores => {
  const retention = { ...config.retention, ...env.retentionOverrides };
  const base = { client, tableName: env.tableName, retention, now };
  return {
    history: createDynamoHistoryStore(base),
    approvals: createDynamoApprovalStore(base),
    store: createDynamoNotificationStore(base),
    audit: createDynamoAuditTrail({ ...base, lanes: env.auditChainLanes }),
    rollups: createDynamoRollupStore(base),
  };
};
