import { randomBytes } from 'node:crypto';
import { type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AuditEntry, AuditTrail } from '../../audit/audit-entry';
import { normaliseActorId } from '../../audit/query-params';
import type { Retention } from '../../config/retention';
import { PipegateError } from '../../errors';
import { coalescedAdds } from './coalesced-adds';
import { isConditionalCheckFailed, translateDynamoError } from './dynamodb-errors';
import { actorGsiPk, auditDayGsiPk, auditPk, auditSk, dayOf, expiresAt, noisePk, noiseSk } from './keys';

export interface DynamoAuditTrailOptions {
  client: DynamoDBClient;
  tableName: string;
  retention: Retention;
  now?: () => Date;
  /** 8 base64url characters that make an entry id unique within its millisecond. */
  random?: () => string;
}

/** Counters of unauthenticated requests are for spotting an attack, not for auditors: kept 30 days. */
const NOISE_DAYS = 30;

// A clash needs two entries in one millisecond with the same 48 random bits; a retry settles it anyway.
const ATTEMPTS = 3;

const randomSuffix = (): string => randomBytes(6).toString('base64url');

const normaliseTime = (at: string): string => {
  const time = Date.parse(at);
  if (Number.isNaN(time)) throw new PipegateError('INTERNAL', `audit entry time "${at}" is not a date-time`);
  // Every stored time is Date#toISOString(), so key ranges compare as strings.
  return new Date(time).toISOString();
};

/**
 * The append-only {@link AuditTrail} on the pipegate table: one conditional PutItem per entry
 * (`attribute_not_exists`), never an update. Entries live under their execution (`EXEC#<id>`, or `AUDIT#<day>`
 * without one), in the by-actor index when someone acted, and always in the by-day index.
 * @example
 * const audit = createDynamoAuditTrail({ client, tableName, retention });
 * await audit.append({ action: 'approval.refused', outcome: 'refused', reason: 'NOT_ALLOWED', actor });
 */
export const createDynamoAuditTrail = (options: DynamoAuditTrailOptions): AuditTrail => {
  const { client, tableName, retention } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? randomSuffix;

  const put = async (entry: AuditEntry): Promise<'created' | 'exists'> => {
    const day = dayOf(entry.at);
    const indexSk = `${entry.at}#${entry.id}`;
    const item = {
      pk: auditPk(entry.executionId, day),
      sk: auditSk(entry.id),
      kind: 'audit',
      at: entry.at,
      action: entry.action,
      outcome: entry.outcome,
      // Sparse: only entries with someone behind them are in the by-actor index.
      gsi2pk: entry.actor ? actorGsiPk(normaliseActorId(entry.actor.id)) : undefined,
      gsi2sk: entry.actor ? indexSk : undefined,
      gsi4pk: auditDayGsiPk(day),
      gsi4sk: indexSk,
      entry: JSON.stringify(entry),
      expiresAt: expiresAt(now(), retention.auditDays),
    };
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall(item, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'exists';
      throw translateDynamoError(error, 'PutItem audit entry');
    }
  };

  /** The last reason and time per counter item, written along with the next ADD. */
  const latest = new Map<string, { why: string; at: string }>();
  // One atomic ADD on one item: a flood of any size updates the same item, never adds a new one.
  const addToCounter = coalescedAdds(async (key, amount) => {
    const [pk = '', sk = '', route = ''] = key.split('\n');
    const last = latest.get(sk) ?? { why: 'unknown', at: now().toISOString() };
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: marshall({ pk, sk }),
          UpdateExpression:
            'ADD #requests :amount SET #kind = :kind, #route = :route, #lastWhy = :why, #lastAt = :at, #expiresAt = if_not_exists(#expiresAt, :expires)',
          ExpressionAttributeNames: {
            '#requests': 'requests',
            '#kind': 'kind',
            '#route': 'route',
            '#lastWhy': 'lastWhy',
            '#lastAt': 'lastAt',
            '#expiresAt': 'expiresAt',
          },
          ExpressionAttributeValues: marshall({
            ':amount': amount,
            ':kind': 'unauthenticated',
            ':route': route,
            ':why': last.why.slice(0, 64),
            ':at': last.at,
            ':expires': expiresAt(now(), NOISE_DAYS),
          }),
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, 'UpdateItem unauthenticated counter');
    }
  });

  return {
    async append(input) {
      const { at: given, dedupeKey, ...fields } = input;
      const at = normaliseTime(given ?? now().toISOString());
      if (dedupeKey) {
        // Written once whoever retries: 'exists' means an earlier attempt already put it on the record.
        const entry: AuditEntry = { id: `${at}#${dedupeKey}`, at, ...fields };
        await put(entry);
        return entry;
      }
      for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
        const entry: AuditEntry = { id: `${at}#${random()}`, at, ...fields };
        if ((await put(entry)) === 'created') return entry;
      }
      throw new PipegateError('CONFLICT', `could not find a free audit entry id at ${at}`);
    },

    async countUnauthenticated({ route, why, at }) {
      const time = normaliseTime(at ?? now().toISOString());
      // Only the current minutes matter; a long-running local process must not grow this forever.
      if (latest.size > 64) latest.clear();
      latest.set(noiseSk(route, time.slice(0, 16)), { why, at: time });
      await addToCounter(`${noisePk(dayOf(time))}\n${noiseSk(route, time.slice(0, 16))}\n${route}`);
    },
  };
};
