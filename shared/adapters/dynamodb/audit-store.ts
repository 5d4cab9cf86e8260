import { randomBytes } from 'node:crypto';
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditEntry, AuditTrail } from '../../audit/audit-entry';
import { DEFAULT_CHAIN_LANES, laneOf } from '../../audit/chain/chain-lanes';
import { nextLink } from '../../audit/chain/chain-link';
import type { Retention } from '../../config/retention';
import { PipegateError } from '../../errors';
import { sleep } from '../../runtime/sleep';
import { advanceChainHead, completeLastAppend, readChainHead } from './audit-chain-head';
import { auditItem } from './audit-item';
import { coalescedAdds } from './coalesced-adds';
import { conditionalWrite, translateDynamoError } from './dynamodb-errors';
import { auditPk, auditSk, dayOf, expiresAt, noisePk, noiseSk } from './keys';

export interface DynamoAuditTrailOptions {
  client: DynamoDBClient;
  tableName: string;
  retention: Retention;
  now?: () => Date;
  /** 8 base64url characters that make an entry id unique within its millisecond. */
  random?: () => string;
  /** Waits before retrying a lost race for a chain head (tests pass a no-op; a bench counts the calls). */
  pause?: (attempt: number) => Promise<void>;
  /** How many chains (lanes) a day is split into; default 8 (docs/audit.md, Lanes). */
  lanes?: number;
}

// Writers of one lane take turns on its chain head; under a burst of concurrent appends each retry re-reads
// a head (of the lane its new id falls in), so this bounds the wait (short jitter, so a head is rarely idle),
// not the throughput. A burst of N concurrent writers over K lanes needs about N / K rounds for the last.
const ATTEMPTS = 200;

/** Counters of unauthenticated requests are for spotting an attack, not for auditors: kept 30 days. */
const NOISE_DAYS = 30;

const randomSuffix = (): string => randomBytes(6).toString('base64url');

/** The default wait before retrying a lost race for a chain head: short jitter, growing to 25 ms. */
export const chainRetryPause = (attempt: number): Promise<void> =>
  sleep(Math.random() * Math.min(25, 2 * attempt));

const normaliseTime = (at: string): string => {
  const time = Date.parse(at);
  if (Number.isNaN(time)) throw new PipegateError('INTERNAL', `audit entry time "${at}" is not a date-time`);
  // Every stored time is Date#toISOString(), so key ranges compare as strings.
  return new Date(time).toISOString();
};

/**
 * The append-only, hash-chained {@link AuditTrail} on the pipegate table. Each append takes the next
 * position of one of its day's chains (the lane its id hashes to) with one conditional UpdateItem on that
 * lane's head, then writes the entry with
 * one conditional PutItem (`attribute_not_exists`), never an update. Entries live under their execution
 * (`EXEC#<id>`, or `AUDIT#<day>` without one), in the by-actor index when someone acted, and always in the
 * by-day index. See docs/audit.md (Tamper evidence).
 * @example
 * const audit = createDynamoAuditTrail({ client, tableName, retention });
 * await audit.append({ action: 'approval.refused', outcome: 'refused', reason: 'NOT_ALLOWED', actor });
 */
export const createDynamoAuditTrail = (options: DynamoAuditTrailOptions): AuditTrail => {
  const { client, tableName, retention } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? randomSuffix;
  const pause = options.pause ?? chainRetryPause;
  const lanes = options.lanes ?? DEFAULT_CHAIN_LANES;

  const putEntry = (item: Record<string, unknown>): Promise<boolean> =>
    conditionalWrite('PutItem audit entry', () =>
      client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall(item, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );

  const storedEntryJson = async (item: Record<string, unknown>): Promise<unknown> => {
    try {
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: marshall({ pk: item.pk, sk: item.sk }),
          ConsistentRead: true,
          ProjectionExpression: 'entry',
        }),
      );
      return Item ? unmarshall(Item).entry : undefined;
    } catch (error) {
      throw translateDynamoError(error, 'GetItem audit entry');
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
      // A retried step (the at-least-once decider) names its entry: if an earlier attempt put it on the
      // record, that entry is the answer and the chain is not extended twice.
      const fixedAt = dedupeKey ? normaliseTime(given ?? now().toISOString()) : undefined;
      const fixedId = fixedAt && dedupeKey ? `${fixedAt}#${dedupeKey}` : undefined;
      if (fixedAt && fixedId) {
        const key = { pk: auditPk(fields.executionId, dayOf(fixedAt)), sk: auditSk(fixedId) };
        // The same step wrote the same fields: the entry on record is the one this call would write.
        if ((await storedEntryJson(key)) !== undefined) return { id: fixedId, at: fixedAt, ...fields };
      }
      for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
        const at = normaliseTime(given ?? now().toISOString());
        const day = dayOf(at);
        const entry: AuditEntry = { id: fixedId ?? `${at}#${random()}`, at, ...fields };
        const lane = laneOf(entry.id, lanes);
        const head = await readChainHead(client, tableName, day, lane);
        if (head?.anchoredAt) {
          throw new PipegateError('CONFLICT', `the audit chain of ${day} is closed; cannot append at ${at}`);
        }
        const entryJson = JSON.stringify(entry);
        const link = nextLink(day, lane, head, entryJson);
        const ttl = expiresAt(now(), retention.auditDays);
        const item = auditItem(entry, entryJson, link, ttl);
        const last = { id: entry.id, item: JSON.stringify(item), expiresAt: ttl, lanes };
        // Finishing the previous append (if it stopped after its head write) touches another item: in parallel.
        const [advanced] = await Promise.all([
          advanceChainHead(client, tableName, head, link, last),
          head ? completeLastAppend(client, tableName, head) : undefined,
        ]);
        if (!advanced) {
          await pause(attempt);
          continue;
        }
        // The head now commits to this entry. Taken already: either the next writer finished it for us (the
        // same item, byte for byte) or — 48 equal random bits in one millisecond — a clash.
        if (!(await putEntry(item)) && (await storedEntryJson(item)) !== entryJson) {
          throw new PipegateError('CONFLICT', `audit entry id ${entry.id} is already taken`);
        }
        return entry;
      }
      throw new PipegateError(
        'CONFLICT',
        `could not take a place in the audit chains after ${ATTEMPTS} attempts`,
      );
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
