import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoAuditReader } from '../adapters/dynamodb/audit-reader';
import { createCursorCodec } from '../audit/cursor';
import type { AuditQueryDeps } from '../reports/queries';

const CURSOR_KEY_LABEL = 'pipegate-cursor-key-v1';

/**
 * The one rule for the cursors' HMAC key, used by the audit API and the CLI alike: `PIPEGATE_CURSOR_KEY` when
 * set, else a key derived from the table name and a fixed label. Same table and same setting, same key — so a
 * cursor from the API continues in the CLI and the other way round.
 *
 * Why no secret by default: a cursor can only resume inside the result set of the query it was made for (the
 * reader refuses a partition or key shape that is not the query's), and every caller of the API and the CLI
 * may read all of it anyway. The HMAC catches edits and cursors pasted into another query; it does not grant
 * anything, so the audit function needs no secret and no SSM access. Set `PIPEGATE_CURSOR_KEY` (to the same
 * value on the function and for the CLI) where unforgeable cursors matter. See docs/audit.md.
 * @example createCursorCodec(auditCursorKey(process.env, 'pipegate-prod'))
 */
export const auditCursorKey = (env: Record<string, string | undefined>, tableName: string): Buffer => {
  const configured = env.PIPEGATE_CURSOR_KEY;
  if (configured) return createHash('sha256').update(configured).digest();
  return createHash('sha256').update(`${CURSOR_KEY_LABEL}\0${tableName}`).digest();
};

/**
 * The audit queries' dependencies over one table: the reader and the cursor codec keyed by
 * {@link auditCursorKey}. The only audit wiring: `functions/audit-api.ts` and the CLI both build theirs here.
 * @example const deps = auditQueryDeps({ client, tableName, env: process.env, now: () => new Date() });
 */
export const auditQueryDeps = (options: {
  client: DynamoDBClient;
  tableName: string;
  env: Record<string, string | undefined>;
  now: () => Date;
}): AuditQueryDeps => ({
  reader: createDynamoAuditReader({ client: options.client, tableName: options.tableName }),
  cursors: createCursorCodec(auditCursorKey(options.env, options.tableName)),
  now: options.now,
});
