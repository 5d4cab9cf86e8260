import { PassThrough } from 'node:stream';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { runCli } from '../../../cli/main';
import {
  anchorChainDay,
  chainHeadKey,
  readChainHead,
} from '../../../shared/adapters/dynamodb/audit-chain-head';
import { createDynamoChainDayReader } from '../../../shared/adapters/dynamodb/audit-chain-reader';
import { createDynamoAuditTrail } from '../../../shared/adapters/dynamodb/audit-store';
import type { AuditEntry } from '../../../shared/audit/audit-entry';
import { linkHash } from '../../../shared/audit/chain/chain-link';
import { verifyAudit } from '../../../shared/audit/chain/verify-audit';
import { createTestTable, dynamoClient } from '../support/test-table';

let client: DynamoDBClient;
let tableName: string;

beforeAll(async () => {
  client = dynamoClient();
  tableName = await createTestTable(client);
});

afterAll(() => client.destroy());

const trailAt = (day: string) => {
  let tick = 0;
  // A clock that moves one second per call, so entries of a day have distinct, ordered times.
  const now = () => new Date(Date.parse(`${day}T08:00:00.000Z`) + (tick++ % 86_000) * 1000);
  return createDynamoAuditTrail({
    client,
    tableName,
    retention: { historyDays: 400, auditDays: 30 },
    now,
    pause: async () => {},
  });
};

/** Appends `count` entries on `day` (half under an execution, half without) and returns them in order. */
const seedDay = async (day: string, count: number): Promise<AuditEntry[]> => {
  const trail = trailAt(day);
  const entries: AuditEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    entries.push(
      await trail.append({
        action: i % 2 ? 'approval.decided' : 'approval.refused',
        outcome: i % 2 ? 'ok' : 'refused',
        actor: { id: `user${i}@example.com` },
        ...(i % 2 ? { executionId: `exec-${day}`, decision: 'Approved' as const, comment: `ok ${i}` } : {}),
      }),
    );
  }
  return entries;
};

const keyOf = (entry: AuditEntry) => ({
  pk: entry.executionId ? `EXEC#${entry.executionId}` : `AUDIT#${entry.at.slice(0, 10)}`,
  sk: `AUDIT#${entry.id}`,
});

const setAttributes = (entry: AuditEntry, values: Record<string, unknown>) =>
  client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: marshall(keyOf(entry)),
      UpdateExpression: `SET ${Object.keys(values)
        .map((_, i) => `#n${i} = :v${i}`)
        .join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(Object.keys(values).map((name, i) => [`#n${i}`, name])),
      ExpressionAttributeValues: marshall(
        Object.fromEntries(Object.values(values).map((v, i) => [`:v${i}`, v])),
      ),
    }),
  );

const verify = (day: string) =>
  verifyAudit(
    { from: `${day}T00:00:00.000Z`, to: `${day}T23:59:59.999Z` },
    createDynamoChainDayReader(client, tableName),
  );

describe('tamper-evident audit chain (dynalite)', () => {
  it('chains concurrent appends into one gap-free sequence that verifies OK', async () => {
    // Prepare
    const day = '2026-03-01';
    const trail = trailAt(day);

    // Act: twelve writers at once race for the same day's chain head
    const entries = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        trail.append({ action: 'approval.attempt', outcome: 'ok', details: { i: String(i) } }),
      ),
    );
    const result = await verify(day);

    // Assess
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(12);
    expect(result.ok).toBe(true);
    expect(result.days[0]).toMatchObject({ chained: 12, findings: [] });
  });

  it('names an entry whose field was edited, even when its hash was recomputed', async () => {
    // Prepare
    const day = '2026-03-02';
    const entries = await seedDay(day, 5);
    const edited = entries[1] as AuditEntry;
    const recomputed = entries[3] as AuditEntry;
    await setAttributes(edited, { entry: JSON.stringify({ ...edited, decision: 'Rejected' }) });
    const forgedJson = JSON.stringify({ ...recomputed, comment: 'nothing to see' });
    const head = (await readChainHead(client, tableName, day)) ?? { hash: '' };
    const stored = await createDynamoChainDayReader(client, tableName).day(day);
    const link = stored.entries.find((entry) => entry.id === recomputed.id)?.link;
    if (!link || !head) throw new Error('seed missing');
    await setAttributes(recomputed, { entry: forgedJson, chainHash: linkHash(link, forgedJson) });

    // Act
    const result = await verify(day);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'changed', seq: 2, entryId: edited.id }),
      expect.objectContaining({ kind: 'changed', seq: 4, entryId: recomputed.id }),
    ]);
  });

  it('names an entry hidden by editing only a top-level attribute the filters read', async () => {
    // Prepare
    const day = '2026-03-03';
    const entries = await seedDay(day, 3);
    await setAttributes(entries[1] as AuditEntry, { action: 'approval.reminder' });

    // Act
    const result = await verify(day);

    // Assess
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'changed',
        seq: 2,
        entryId: entries[1]?.id,
        detail: expect.stringContaining('action'),
      }),
    ]);
  });

  it('names deleted entries, in the middle and at the end of the chain', async () => {
    // Prepare
    const day = '2026-03-04';
    const entries = await seedDay(day, 5);
    for (const gone of [entries[2], entries[4]] as AuditEntry[]) {
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: marshall(keyOf(gone)) }));
    }

    // Act
    const result = await verify(day);

    // Assess
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'deleted', seq: 3, entryId: entries[2]?.id }),
      expect.objectContaining({ kind: 'deleted', seq: 5, entryId: entries[4]?.id }),
    ]);
  });

  it('names forged entries, with no chain place or claiming a taken one', async () => {
    // Prepare
    const day = '2026-03-05';
    const entries = await seedDay(day, 3);
    const copy = {
      ...(entries[1] as AuditEntry),
      id: `${day}T09:30:00.000Z#forged01`,
      at: `${day}T09:30:00.000Z`,
    };
    const plain = { ...copy, id: `${day}T09:31:00.000Z#forged02`, at: `${day}T09:31:00.000Z` };
    const stored = await createDynamoChainDayReader(client, tableName).day(day);
    const taken = stored.entries.find((entry) => entry.id === entries[1]?.id)?.link;
    if (!taken) throw new Error('seed missing');
    const itemOf = (entry: AuditEntry, chain: Record<string, unknown>) => ({
      ...keyOf(entry),
      kind: 'audit',
      at: entry.at,
      action: entry.action,
      outcome: entry.outcome,
      gsi4pk: `AUDIT#${day}`,
      gsi4sk: `${entry.at}#${entry.id}`,
      entry: JSON.stringify(entry),
      ...chain,
    });
    const json = JSON.stringify(copy);
    const forgedLink = { ...taken, hash: linkHash(taken, json) };
    await client.send(new PutItemCommand({ TableName: tableName, Item: marshall(itemOf(plain, {})) }));
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall(
          itemOf(copy, {
            chainDay: day,
            chainSeq: forgedLink.seq,
            chainPrev: forgedLink.prevHash,
            chainPrevId: forgedLink.prevId,
            chainHash: forgedLink.hash,
          }),
        ),
      }),
    );

    // Act
    const result = await verify(day);

    // Assess
    expect(result.findings).toHaveLength(2);
    expect(result.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'inserted', seq: 2, entryId: copy.id }),
        expect.objectContaining({ kind: 'inserted', entryId: plain.id }),
      ]),
    );
  });

  it('names two entries that were swapped', async () => {
    // Prepare
    const day = '2026-03-06';
    const entries = await seedDay(day, 4);
    const [first, second] = [entries[1] as AuditEntry, entries[2] as AuditEntry];
    const stored = await createDynamoChainDayReader(client, tableName).day(day);
    const linkOf = (entry: AuditEntry) => stored.entries.find((item) => item.id === entry.id)?.link;
    const [a, b] = [linkOf(first), linkOf(second)];
    if (!a || !b) throw new Error('seed missing');
    // Exchange their chain places: each now claims the other's position.
    const place = (link: typeof a) => ({
      chainSeq: link.seq,
      chainPrev: link.prevHash,
      chainPrevId: link.prevId,
      chainHash: link.hash,
    });
    await setAttributes(first, place(b));
    await setAttributes(second, place(a));

    // Act
    const result = await verify(day);

    // Assess
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'reordered',
        seq: 2,
        entryId: second.id,
        detail: expect.stringContaining('belongs at position 3'),
      }),
      expect.objectContaining({
        kind: 'reordered',
        seq: 3,
        entryId: first.id,
        detail: expect.stringContaining('belongs at position 2'),
      }),
    ]);
  });

  it('closes a day with its anchor: no later append joins it, and the chain still verifies', async () => {
    // Prepare
    const day = '2026-03-07';
    await seedDay(day, 2);

    // Act
    const anchor = await anchorChainDay(client, tableName, day, '2026-03-08T00:15:00.000Z', 2_000_000_000);
    const again = await anchorChainDay(client, tableName, day, '2026-03-08T00:20:00.000Z', 2_000_000_000);
    const late = trailAt(day).append({ action: 'approval.reminder', outcome: 'ok' });
    const empty = await anchorChainDay(
      client,
      tableName,
      '2026-03-09',
      '2026-03-10T00:15:00.000Z',
      2_000_000_000,
    );

    // Assess
    expect(anchor).toMatchObject({ day, seq: 2, anchoredAt: '2026-03-08T00:15:00.000Z' });
    expect(again).toBeUndefined();
    await expect(late).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(empty).toMatchObject({ seq: 0 });
    expect((await verify(day)).days[0]).toMatchObject({ anchored: true, chained: 2, findings: [] });
  });

  it('completes an append that moved the head but never wrote its entry', async () => {
    // Prepare: the head of a day commits to an entry whose write was lost
    const day = '2026-03-10';
    const [lost] = await seedDay(day, 1);
    await client.send(
      new DeleteItemCommand({ TableName: tableName, Key: marshall(keyOf(lost as AuditEntry)) }),
    );

    // Act: the next writer finishes the interrupted append before taking its own place
    await trailAt(day).append({ action: 'approval.reminder', outcome: 'ok' });
    const result = await verify(day);

    // Assess
    expect(result.ok).toBe(true);
    expect(result.days[0]?.chained).toBe(2);
    expect(chainHeadKey(day).pk).toBe(`AUDITCHAIN#${day}`);
  });

  it('`pipegate audit verify` prints OK, or the findings with exit code 1', async () => {
    // Prepare
    const run = async (args: string[]) => {
      const out = new PassThrough();
      const err = new PassThrough();
      const chunks = { out: '', err: '' };
      out.on('data', (chunk) => {
        chunks.out += String(chunk);
      });
      err.on('data', (chunk) => {
        chunks.err += String(chunk);
      });
      const env = { ...process.env, PIPEGATE_TABLE: tableName };
      const code = await runCli(['node', 'pipegate', ...args], {
        env,
        out,
        err,
        now: () => new Date('2026-04-01T00:00:00Z'),
      });
      return { code, ...chunks };
    };

    // Act
    const intact = await run(['audit', 'verify', '--from', '2026-03-01', '--to', '2026-03-01']);
    const tampered = await run(['audit', 'verify', '--from', '2026-03-01', '--to', '2026-03-06']);
    const json = await run(['audit', 'verify', '--from', '2026-03-04', '--to', '2026-03-04', '--json']);

    // Assess
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.out).toMatch(/^OK: 12 audit entries in 1 days/);
    expect(tampered.code).toBe(1);
    for (const kind of ['CHANGED', 'DELETED', 'INSERTED', 'REORDERED']) expect(tampered.out).toContain(kind);
    expect(tampered.err).toContain('the audit trail was altered');
    expect(JSON.parse(json.out).findings.map((finding: { kind: string }) => finding.kind)).toEqual([
      'deleted',
      'deleted',
    ]);
  });
});
