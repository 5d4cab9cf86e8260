import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import type { AuditEntry } from '../../audit/audit-entry';
import type { ChainDayReader } from '../../audit/chain/verify-audit';
import type { StoredChainEntry } from '../../audit/chain/verify-chain';
import { readChainHead } from './audit-chain-head';
import { derivedMismatch } from './audit-item';
import { translateDynamoError } from './dynamodb-errors';
import { auditDayGsiPk, INDEX } from './keys';
import { storedAuditEntrySchema } from './records/audit-entry-schema';

const linkShape = z.object({
  chainDay: z.string(),
  chainSeq: z.number().int(),
  chainPrev: z.string(),
  chainPrevId: z.string(),
  chainHash: z.string(),
});

const parseEntry = (json: string): AuditEntry | undefined => {
  try {
    const parsed = storedAuditEntrySchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/** Turns a table item into what the verifier needs; an unreadable item is evidence, not an error. */
export const toStoredChainEntry = (item: Record<string, unknown>): StoredChainEntry => {
  const entryJson = typeof item.entry === 'string' ? item.entry : '';
  const entry = parseEntry(entryJson);
  const link = linkShape.safeParse(item);
  const keyId = String(item.sk ?? '').replace(/^AUDIT#/, '');
  return {
    id: entry?.id ?? keyId,
    entryJson,
    ...(link.success
      ? {
          link: {
            day: link.data.chainDay,
            seq: link.data.chainSeq,
            prevHash: link.data.chainPrev,
            prevId: link.data.chainPrevId,
            hash: link.data.chainHash,
          },
        }
      : {}),
    ...(entry
      ? { mismatch: derivedMismatch(item, entry) || undefined }
      : { mismatch: 'the stored entry is not a readable audit entry' }),
  };
};

/**
 * Reads one day of the audit chain: its head (consistent read) and every entry in the by-day index — one
 * GetItem and one paged Query per day, never a Scan.
 */
export const createDynamoChainDayReader = (client: DynamoDBClient, tableName: string): ChainDayReader => ({
  async day(day) {
    const head = await readChainHead(client, tableName, day);
    const entries: StoredChainEntry[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const result = await client
        .send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEX.byAuditDay,
            KeyConditionExpression: 'gsi4pk = :pk',
            ExpressionAttributeValues: marshall({ ':pk': auditDayGsiPk(day) }),
            ExclusiveStartKey: start,
          }),
        )
        .catch((error: unknown) => {
          throw translateDynamoError(error, 'Query audit day');
        });
      for (const raw of result.Items ?? []) entries.push(toStoredChainEntry(unmarshall(raw)));
      start = result.LastEvaluatedKey;
    } while (start);
    return { head, entries };
  },
});
