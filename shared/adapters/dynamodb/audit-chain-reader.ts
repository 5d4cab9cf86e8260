import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import type { AuditEntry } from '../../audit/audit-entry';
import type { ChainDayReader } from '../../audit/chain/verify-audit';
import type { StoredChainEntry } from '../../audit/chain/verify-chain';
import { readChainHeads } from './audit-chain-head';
import { derivedMismatch, parseChainName } from './audit-item';
import { translateDynamoError } from './dynamodb-errors';
import { auditDayGsiPk, INDEX } from './keys';
import { storedAuditEntrySchema } from './records/audit-entry-schema';

const linkShape = z.object({
  // `<day>`, or `<day>#<lane>` for lanes 1 and up (chainName).
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
            ...parseChainName(link.data.chainDay),
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
 * Reads one day of the audit chains: the heads of every lane (one consistent Query) and every entry in the
 * by-day index (one paged Query) — two Queries per day, never a Scan.
 */
export const createDynamoChainDayReader = (client: DynamoDBClient, tableName: string): ChainDayReader => ({
  async day(day) {
    const heads = await readChainHeads(client, tableName, day);
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
    return { heads, entries };
  },
});
