/** Key builders for the single table (layout documented in infra/table.yml). */

export const dayOf = (isoTime: string): string => isoTime.slice(0, 10);

export const executionPk = (executionId: string): string => `EXEC#${executionId}`;
export const executionIdOfPk = (pk: string): string => pk.slice(executionPk('').length);
export const SUMMARY_SK = 'SUMMARY';
/** One item per event, written before events were kept in pages (still read: such items stay until TTL). */
export const eventSk = (semanticKey: string): string => `EVENT#${semanticKey}`;
/** Page `index` of an execution's history: a full window of recent events moved off the summary. */
export const eventPageSk = (index: number): string => `EVENTS#${String(index).padStart(6, '0')}`;
/** Every history item of an execution, pages and per-event items alike, sorts under this prefix. */
export const HISTORY_SK_PREFIX = 'EVENT';
export const pipelineGsiPk = (pipeline: string): string => `PIPELINE#${pipeline}`;
export const pipelineGsiSk = (startTime: string, executionId: string): string =>
  `${startTime}#${executionId}`;
/**
 * Failed executions by day (sparse, on gsi3), spread over shards by execution id: at 1 000 pipelines one
 * `FAILED#<day>` key took 7 % of all index writes. Shard 0 keeps the unsharded name, so entries written
 * before sharding are still read as one of the shards.
 */
export const FAILED_SHARDS = 4;
export const failedGsiPk = (day: string, shard: number): string =>
  shard === 0 ? `FAILED#${day}` : `FAILED#${day}#${shard}`;
export const failedShardsOf = (day: string): string[] =>
  Array.from({ length: FAILED_SHARDS }, (_, shard) => failedGsiPk(day, shard));
/**
 * Executions not finished yet, by last news (sparse, on gsi2): the sweeper finds the ones whose events were
 * lost. Spread over shards by execution id so no partition takes the writes of every running execution,
 * and keyed by a coarse bucket of the last news so the index entry moves a few times per run, not per event.
 */
export const RUNNING_SHARDS = 32;
export const RUNNING_BUCKET_MS = 5 * 60_000;
export const runningGsiPk = (shard: number): string => `RUNNING#${shard}`;
/** The shard (0 … shards-1) of an execution id. */
export const shardOf = (executionId: string, shards: number): number => {
  // FNV-1a: cheap, stable across processes and runtimes, and spreads UUIDs evenly.
  let hash = 0x811c9dc5;
  for (let i = 0; i < executionId.length; i += 1) {
    hash ^= executionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
};
export const runningShardOf = (executionId: string): number => shardOf(executionId, RUNNING_SHARDS);
/** Start of the bucket an ISO time falls in, as ISO (sorts like the time). */
export const runningBucket = (isoTime: string): string =>
  new Date(Math.floor(Date.parse(isoTime) / RUNNING_BUCKET_MS) * RUNNING_BUCKET_MS).toISOString();
export const errorPk = (day: string): string => `ERROR#${day}`;

export const INDEX = {
  byPipeline: 'gsi1',
  byActor: 'gsi2',
  /** Running executions share gsi2 with actors: its projection (audit entries) leaves them keys only. */
  byRunning: 'gsi2',
  byStatus: 'gsi3',
  byAuditDay: 'gsi4',
} as const;

/** TTL value in epoch seconds, `days` after `from`. */
export const expiresAt = (from: Date, days: number): number =>
  Math.floor(from.getTime() / 1000) + days * 86_400;

export const approvalSk = (approvalId: string): string => `APPROVAL#${approvalId}`;
export const PENDING_GSI_PK = 'PENDING';
export const pendingGsiSk = (expiresAtIso: string, approvalId: string): string =>
  `${expiresAtIso}#${approvalId}`;
/** Single-use link nonces live beside nothing else, keyed by approval. */
export const linkNoncePk = (approvalId: string): string => `APPROVAL#${approvalId}`;
export const linkNonceSk = (nonce: string): string => `NONCE#${nonce}`;

/** Audit entries live with their execution; entries with no execution (e.g. a forged request) by day. */
export const auditPk = (executionId: string | undefined, day: string): string =>
  executionId ? executionPk(executionId) : `AUDIT#${day}`;
export const auditSk = (entryId: string): string => `AUDIT#${entryId}`;
export const actorGsiPk = (actorId: string): string => `ACTOR#${actorId}`;
export const auditDayGsiPk = (day: string): string => `AUDIT#${day}`;
/** Unauthenticated-request counters: one partition per day, one item per route and minute. */
export const noisePk = (day: string): string => `NOISE#${day}`;
export const noiseSk = (route: string, minute: string): string => `${route}#${minute}`;

/**
 * Delivery bookkeeping sorts after every kind of history item ('~' follows all letters), so an execution's
 * timeline is read with `sk < '~'` and never pays for the card and delivery marks beside it.
 */
export const BOOKKEEPING_PREFIX = '~';
/** Notification delivery marks (one per target and semantic event, or per card). */
export const notifySk = (target: string, key: string): string =>
  `${BOOKKEEPING_PREFIX}NOTIFY#${target}#${key}`;
