import { PassThrough } from 'node:stream';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { runCli } from '../../../cli/main';
import { anchorChainDay } from '../../../shared/adapters/dynamodb/audit-chain-anchor';
import { chainHeadKey, readChainHeads } from '../../../shared/adapters/dynamodb/audit-chain-head';
import { createDynamoChainDayReader } from '../../../shared/adapters/dynamodb/audit-chain-reader';
import { createDynamoAuditTrail } from '../../../shared/adapters/dynamodb/audit-store';
import type { AuditEntry } from '../../../shared/audit/audit-entry';
import type { ChainLink } from '../../../shared/audit/chain/chain-link';
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

/** Lanes of the days the tamper tests write: few, so the fullest has several entries to tamper with. */
const LANES = 4;

const trailAt = (day: string, lanes = LANES) => {
  let tick = 0;
  // A clock that moves one second per call, so entries of a day have distinct, ordered times.
  const now = () => new Date(Date.parse(`${day}T08:00:00.000Z`) + (tick++ % 86_000) * 1000);
  return createDynamoAuditTrail({
    client,
    tableName,
    retention: { historyDays: 400, auditDays: 30 },
    now,
    pause: async () => {},
    lanes,
  });
};

/** Appends `count` entries on `day` (half under an execution, half without) and returns them in order. */
const seedDay = async (day: string, count: number, lanes = LANES): Promise<AuditEntry[]> => {
  const trail = trailAt(day, lanes);
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

type Placed = AuditEntry & { link: ChainLink };

/** The entries of the day's fullest lane, in chain order, with their links as stored. */
const fullestLane = async (day: string, entries: AuditEntry[]): Promise<Placed[]> => {
  const stored = await createDynamoChainDayReader(client, tableName).day(day);
  const lanes = new Map<number, Placed[]>();
  for (const entry of entries) {
    const link = stored.entries.find((item) => item.id === entry.id)?.link;
    if (!link) throw new Error(`entry ${entry.id} has no link`);
    lanes.set(link.lane, [...(lanes.get(link.lane) ?? []), { ...entry, link }]);
  }
  const fullest = [...lanes.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  return fullest.sort((a, b) => a.link.seq - b.link.seq);
};

/** The i-th entry of a lane (0-based), which the test's seed guarantees is there. */
const nth = (lane: Placed[], i: number): Placed => {
  const entry = lane[i];
  if (!entry) throw new Error(`the lane has no entry ${i}`);
  return entry;
};

const verify = (day: string) =>
  verifyAudit(
    { from: `${day}T00:00:00.000Z`, to: `${day}T23:59:59.999Z` },
    createDynamoChainDayReader(client, tableName),
  );

describe('tamper-evident audit chain in lanes (dynalite)', () => {
  it('chains concurrent writers in several lanes, each gap-free, and the day verifies OK', async () => {
    // Prepare
    const day = '2026-03-01';
    const trail = trailAt(day, 8);

    // Act: twenty-four writers at once, spread over the day's eight lanes by their entry ids
    const entries = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        trail.append({ action: 'approval.attempt', outcome: 'ok', details: { i: String(i) } }),
      ),
    );
    const result = await verify(day);
    const heads = await readChainHeads(client, tableName, day);

    // Assess
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(24);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.days[0]).toMatchObject({ lanes: 8, chained: 24, findings: [] });
    expect(heads.length).toBeGreaterThanOrEqual(3);
    expect(heads.reduce((sum, head) => sum + head.seq, 0)).toBe(24);
  });

  it('names an entry whose field was edited, even when its hash was recomputed', async () => {
    // Prepare: 16 entries over 4 lanes, so the fullest lane has at least 4
    const day = '2026-03-02';
    const lane = await fullestLane(day, await seedDay(day, 16));
    const [edited, recomputed] = [nth(lane, 1), nth(lane, 2)];
    const { link: _edited, ...editedEntry } = edited;
    await setAttributes(edited, { entry: JSON.stringify({ ...editedEntry, decision: 'Rejected' }) });
    const { link, ...entry } = recomputed;
    const forgedJson = JSON.stringify({ ...entry, comment: 'nothing to see' });
    await setAttributes(recomputed, { entry: forgedJson, chainHash: linkHash(link, forgedJson) });

    // Act
    const result = await verify(day);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'changed', lane: link.lane, seq: 2, entryId: edited.id }),
      expect.objectContaining({ kind: 'changed', lane: link.lane, seq: 3, entryId: recomputed.id }),
    ]);
  });

  it('names an entry hidden by editing only a top-level attribute the filters read', async () => {
    // Prepare
    const day = '2026-03-03';
    const lane = await fullestLane(day, await seedDay(day, 8));
    const hidden = nth(lane, 1);
    await setAttributes(hidden, { action: 'approval.reminder' });

    // Act
    const result = await verify(day);

    // Assess
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'changed',
        lane: hidden.link.lane,
        seq: 2,
        entryId: hidden.id,
        detail: expect.stringContaining('action'),
      }),
    ]);
  });

  it('names deleted entries, in the middle of a lane and its cut tail', async () => {
    // Prepare
    const day = '2026-03-04';
    const lane = await fullestLane(day, await seedDay(day, 16));
    const [middle, tail] = [nth(lane, 1), nth(lane, lane.length - 1)];
    for (const gone of [middle, tail]) {
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: marshall(keyOf(gone)) }));
    }

    // Act
    const result = await verify(day);

    // Assess
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'deleted', lane: middle.link.lane, seq: 2, entryId: middle.id }),
      expect.objectContaining({
        kind: 'deleted',
        lane: tail.link.lane,
        seq: tail.link.seq,
        entryId: tail.id,
      }),
    ]);
  });

  it('names forged entries, with no chain place or claiming a taken one', async () => {
    // Prepare
    const day = '2026-03-05';
    const lane = await fullestLane(day, await seedDay(day, 8));
    const { link: taken, ...original } = nth(lane, 1);
    const copy = { ...original, id: `${day}T09:30:00.000Z#forged01`, at: `${day}T09:30:00.000Z` };
    const plain = { ...copy, id: `${day}T09:31:00.000Z#forged02`, at: `${day}T09:31:00.000Z` };
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
            chainDay: forgedLink.lane ? `${day}#${forgedLink.lane}` : day,
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
        expect.objectContaining({ kind: 'inserted', lane: taken.lane, seq: 2, entryId: copy.id }),
        expect.objectContaining({ kind: 'inserted', entryId: plain.id }),
      ]),
    );
  });

  it('names two entries of a lane that were swapped', async () => {
    // Prepare
    const day = '2026-03-06';
    const lane = await fullestLane(day, await seedDay(day, 12));
    const [first, second] = [nth(lane, 1), nth(lane, 2)];
    // Exchange their chain places: each now claims the other's position.
    const place = (link: ChainLink) => ({
      chainSeq: link.seq,
      chainPrev: link.prevHash,
      chainPrevId: link.prevId,
      chainHash: link.hash,
    });
    await setAttributes(first, place(second.link));
    await setAttributes(second, place(first.link));

    // Act
    const result = await verify(day);

    // Assess
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'reordered',
        lane: first.link.lane,
        seq: 2,
        entryId: second.id,
        detail: expect.stringContaining('belongs at position 3'),
      }),
      expect.objectContaining({
        kind: 'reordered',
        lane: first.link.lane,
        seq: 3,
        entryId: first.id,
        detail: expect.stringContaining('belongs at position 2'),
      }),
    ]);
  });

  it('closes every lane of a day with its anchor: no later append joins it, and the chains still verify', async () => {
    // Prepare
    const day = '2026-03-07';
    await seedDay(day, 2);
    const anchor = (on: string, at: string) =>
      anchorChainDay(client, tableName, { day: on, at, expiresAt: 2_000_000_000, lanes: LANES });

    // Act
    const closed = await anchor(day, '2026-03-08T00:15:00.000Z');
    const again = await anchor(day, '2026-03-08T00:20:00.000Z');
    const late = trailAt(day).append({ action: 'approval.reminder', outcome: 'ok' });
    const empty = await anchor('2026-03-09', '2026-03-10T00:15:00.000Z');

    // Assess
    expect(closed.map((head) => head.lane).sort()).toEqual([0, 1, 2, 3]);
    expect(closed.reduce((sum, head) => sum + head.seq, 0)).toBe(2);
    expect(closed.every((head) => head.anchoredAt === '2026-03-08T00:15:00.000Z')).toBe(true);
    expect(again).toEqual([]);
    await expect(late).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(empty.map((head) => head.seq)).toEqual([0, 0, 0, 0]);
    expect((await verify(day)).days[0]).toMatchObject({
      anchored: true,
      lanes: LANES,
      chained: 2,
      findings: [],
    });
  });

  it('on an anchored day, names a deleted head of a lane with entries and of an empty lane', async () => {
    // Prepare: lanes with entries and (with 3 entries over 8 lanes) empty ones, all anchored
    const day = '2026-03-08';
    const entries = await seedDay(day, 3, 8);
    await anchorChainDay(client, tableName, {
      day,
      at: '2026-03-09T00:15:00.000Z',
      expiresAt: 2_000_000_000,
      lanes: 8,
    });
    const heads = await readChainHeads(client, tableName, day);
    const full = heads.find((head) => head.seq > 0);
    const empty = heads.find((head) => head.seq === 0);
    if (!full || !empty) throw new Error(`seed spread: ${heads.map((head) => head.seq).join(',')}`);
    for (const head of [full, empty]) {
      await client.send(
        new DeleteItemCommand({ TableName: tableName, Key: marshall(chainHeadKey(day, head.lane)) }),
      );
    }

    // Act
    const result = await verify(day);

    // Assess
    expect(entries).toHaveLength(3);
    expect(result.days[0]?.anchored).toBe(false);
    // Findings come lane by lane.
    const expected = [
      { lane: full.lane, what: 'head' },
      { lane: empty.lane, what: 'anchor' },
    ].sort((a, b) => a.lane - b.lane);
    expect(result.findings).toEqual(
      expected.map(({ lane, what }) =>
        expect.objectContaining({
          kind: 'deleted',
          lane,
          detail: expect.stringContaining(`${what} of ${day}`),
        }),
      ),
    );
  });

  it('completes an append that moved its lane head but never wrote its entry', async () => {
    // Prepare: two days whose heads commit to an entry whose write was lost
    const [day, quiet] = ['2026-03-10', '2026-03-11'];
    const [lost] = await seedDay(day, 1, 1);
    const [alone] = await seedDay(quiet, 1, 8);
    for (const gone of [lost, alone] as AuditEntry[]) {
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: marshall(keyOf(gone)) }));
    }
    const missing = (await verify(quiet)).findings;

    // Act: the next writer of the lane finishes it first; on a day no one writes to again, the anchor does
    await trailAt(day, 1).append({ action: 'approval.reminder', outcome: 'ok' });
    await anchorChainDay(client, tableName, {
      day: quiet,
      at: '2026-03-12T00:15:00.000Z',
      expiresAt: 2_000_000_000,
      lanes: 8,
    });

    // Assess
    expect(missing).toEqual([expect.objectContaining({ kind: 'deleted', entryId: alone?.id })]);
    expect((await verify(day)).days[0]).toMatchObject({ chained: 2, findings: [] });
    expect((await verify(quiet)).days[0]).toMatchObject({ chained: 1, anchored: true, findings: [] });
  });

  it('verifies a day written as one chain before lanes as its lane 0, and goes on with lanes', async () => {
    // Prepare: a one-lane day (entries as before lanes: chainDay is the day) whose head has no lane count
    const day = '2026-03-13';
    await seedDay(day, 3, 1);
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall(chainHeadKey(day)),
        UpdateExpression: 'REMOVE lanes',
      }),
    );
    const legacy = await verify(day);

    // Act: writers with eight lanes join the day
    await seedDay(day, 8, 8);
    const mixed = await verify(day);

    // Assess
    expect(chainHeadKey(day)).toEqual({ pk: `AUDITCHAIN#${day}`, sk: 'HEAD' });
    expect(legacy.days[0]).toMatchObject({ lanes: 1, chained: 3, findings: [] });
    expect(mixed.days[0]).toMatchObject({ lanes: 8, chained: 11, findings: [] });
  });

  it('`pipegate audit verify` prints OK, or the findings with their lanes and exit code 1', async () => {
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
    const tampered = await run(['audit', 'verify', '--from', '2026-03-01', '--to', '2026-03-08']);
    const json = await run(['audit', 'verify', '--from', '2026-03-04', '--to', '2026-03-04', '--json']);

    // Assess
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.out).toMatch(/^OK: 24 audit entries in 1 days/);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain('LANE');
    for (const kind of ['CHANGED', 'DELETED', 'INSERTED', 'REORDERED']) expect(tampered.out).toContain(kind);
    expect(tampered.err).toContain('the audit trail was altered');
    expect(JSON.parse(json.out).findings.map((finding: { kind: string }) => finding.kind)).toEqual([
      'deleted',
      'deleted',
    ]);
  });
});
