import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDynamoAuditTrail } from '../../../shared/adapters/dynamodb/audit-store';
import { laneOf } from '../../../shared/audit/chain/chain-lanes';
import { genesisHash, linkHash } from '../../../shared/audit/chain/chain-link';

// Lambda runs Node 22+; the SDK's Node 20 notice (printed when a client is built) is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dynamodb = mockClient(DynamoDBClient);
const now = () => new Date('2026-07-20T12:00:00.123Z');
const suffixes = (...values: string[]) => {
  const queue = [...values];
  return () => queue.shift() ?? 'ZZZZZZZZ';
};
const trail = (random = suffixes('AbCd-_12')) =>
  createDynamoAuditTrail({
    client: new DynamoDBClient({ region: 'eu-west-1' }),
    tableName: 'pipegate-test',
    retention: { historyDays: 400, auditDays: 10 },
    now,
    random,
    pause: async () => {},
  });
const conditionFailed = () => new ConditionalCheckFailedException({ $metadata: {}, message: 'exists' });
const sentItems = () =>
  dynamodb.commandCalls(PutItemCommand).map((call) => unmarshall(call.args[0].input.Item ?? {}));
// The default suffix 'AbCd-_12' hashes to lane 5 of 8 (laneOf), so its head is HEAD#5.
const LANE = 5;
const storedHead = {
  pk: 'AUDITCHAIN#2026-07-20',
  sk: `HEAD#${LANE}`,
  day: '2026-07-20',
  lanes: 8,
  seq: 4,
  hash: 'h4',
  lastId: 'id-4',
  kind: 'audit-chain-head',
};

beforeEach(() => {
  dynamodb.on(GetItemCommand).resolves({});
  dynamodb.on(UpdateItemCommand).resolves({});
  dynamodb.on(PutItemCommand).resolves({});
});

afterEach(() => {
  dynamodb.reset();
});

describe('createDynamoAuditTrail', () => {
  it('takes the first place of its lane on the lane head, then writes one conditional PutItem', async () => {
    // Act
    const entry = await trail().append({
      action: 'approval.decided',
      outcome: 'ok',
      actor: { id: 'Jane@Example.com', name: 'Jane' },
      executionId: 'e-1',
      decision: 'Approved',
    });

    // Assess
    expect(entry.id).toBe('2026-07-20T12:00:00.123Z#AbCd-_12');
    expect(laneOf(entry.id, 8)).toBe(LANE);
    const [read] = dynamodb.commandCalls(GetItemCommand);
    expect(unmarshall(read?.args[0].input.Key ?? {})).toEqual({ pk: 'AUDITCHAIN#2026-07-20', sk: 'HEAD#5' });
    const [head] = dynamodb.commandCalls(UpdateItemCommand);
    expect(unmarshall(head?.args[0].input.Key ?? {})).toEqual({ pk: 'AUDITCHAIN#2026-07-20', sk: 'HEAD#5' });
    expect(head?.args[0].input.ConditionExpression).toBe(
      'attribute_not_exists(pk) AND attribute_not_exists(anchoredAt)',
    );
    expect(unmarshall(head?.args[0].input.ExpressionAttributeValues ?? {})).toMatchObject({
      ':lanes': 8,
      ':seq': 1,
    });
    const [put] = dynamodb.commandCalls(PutItemCommand);
    expect(put?.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');
    const link = {
      day: '2026-07-20',
      lane: LANE,
      seq: 1,
      prevHash: genesisHash('2026-07-20', LANE),
      prevId: '',
    };
    expect(sentItems()).toEqual([
      {
        pk: 'EXEC#e-1',
        sk: 'AUDIT#2026-07-20T12:00:00.123Z#AbCd-_12',
        kind: 'audit',
        at: '2026-07-20T12:00:00.123Z',
        action: 'approval.decided',
        outcome: 'ok',
        gsi2pk: 'ACTOR#jane@example.com',
        gsi2sk: '2026-07-20T12:00:00.123Z#2026-07-20T12:00:00.123Z#AbCd-_12',
        gsi4pk: 'AUDIT#2026-07-20',
        gsi4sk: '2026-07-20T12:00:00.123Z#2026-07-20T12:00:00.123Z#AbCd-_12',
        entry: JSON.stringify(entry),
        chainDay: '2026-07-20#5',
        chainSeq: 1,
        chainPrev: link.prevHash,
        chainPrevId: '',
        chainHash: linkHash(link, JSON.stringify(entry)),
        expiresAt: Math.floor(now().getTime() / 1000) + 10 * 86_400,
      },
    ]);
  });

  it('links to the head it read, and finishes the previous append first', async () => {
    // Prepare
    const lastItem = JSON.stringify({ pk: 'AUDIT#2026-07-20', sk: 'AUDIT#id-4', entry: '{}' });
    dynamodb.on(GetItemCommand).resolves({ Item: marshall({ ...storedHead, lastItem }) });

    // Act
    await trail().append({ action: 'approval.refused', outcome: 'refused', reason: 'BAD_SIGNATURE' });

    // Assess
    expect(sentItems()[0]).toEqual({ pk: 'AUDIT#2026-07-20', sk: 'AUDIT#id-4', entry: '{}' });
    expect(sentItems()[1]).toMatchObject({
      chainDay: '2026-07-20#5',
      chainSeq: 5,
      chainPrev: 'h4',
      chainPrevId: 'id-4',
    });
    expect(sentItems()[1]).not.toHaveProperty('gsi2pk');
    const [head] = dynamodb.commandCalls(UpdateItemCommand);
    expect(head?.args[0].input.ConditionExpression).toBe('#seq = :from AND attribute_not_exists(anchoredAt)');
  });

  it('stores a given time in the canonical ISO form the key ranges rely on', async () => {
    // Act
    const entry = await trail().append({
      action: 'approval.reminder',
      outcome: 'ok',
      at: '2026-07-01T14:00:00+02:00',
    });

    // Assess
    expect(entry.at).toBe('2026-07-01T12:00:00.000Z');
    expect(sentItems()[0]).toMatchObject({
      gsi4pk: 'AUDIT#2026-07-01',
      chainDay: expect.stringMatching(/^2026-07-01(#[1-7])?$/),
    });
  });

  it('retries a lost race for the head with a fresh read and a new id', async () => {
    // Prepare
    dynamodb.on(UpdateItemCommand).rejectsOnce(conditionFailed()).resolves({});

    // Act
    const entry = await trail(suffixes('11111111', '22222222')).append({
      action: 'approval.reminder',
      outcome: 'ok',
    });

    // Assess
    expect(entry.id.endsWith('#22222222')).toBe(true);
    expect(dynamodb.commandCalls(GetItemCommand)).toHaveLength(2);
    expect(sentItems().map((item) => item.sk)).toEqual(['AUDIT#2026-07-20T12:00:00.123Z#22222222']);
  });

  it('gives up with CONFLICT when the head keeps moving, and refuses a closed day', async () => {
    // Prepare
    dynamodb.on(UpdateItemCommand).rejects(conditionFailed());

    // Act
    const busy = trail().append({ action: 'approval.reminder', outcome: 'ok' });

    // Assess
    await expect(busy).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(0);
    dynamodb
      .on(GetItemCommand)
      .resolves({ Item: marshall({ ...storedHead, anchoredAt: '2026-07-21T00:10:00Z' }) });
    await expect(trail().append({ action: 'approval.reminder', outcome: 'ok' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('closed'),
    });
  });

  it('never overwrites: an id already taken after the head moved is a CONFLICT', async () => {
    // Prepare
    dynamodb.on(PutItemCommand).rejects(conditionFailed());

    // Act
    const append = trail().append({ action: 'approval.reminder', outcome: 'ok' });

    // Assess
    await expect(append).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('translates a throttled write into TRANSIENT', async () => {
    // Prepare
    dynamodb
      .on(UpdateItemCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));

    // Act
    const append = trail().append({ action: 'approval.reminder', outcome: 'ok' });

    // Assess
    await expect(append).rejects.toMatchObject({ code: 'TRANSIENT' });
  });

  it('uses 8 random base64url characters by default', async () => {
    // Prepare
    const defaultRandom = createDynamoAuditTrail({
      client: new DynamoDBClient({ region: 'eu-west-1' }),
      tableName: 't',
      retention: { historyDays: 1, auditDays: 1 },
      now,
    });

    // Act
    const entry = await defaultRandom.append({ action: 'approval.reminder', outcome: 'ok' });

    // Assess
    expect(entry.id).toMatch(/^2026-07-20T12:00:00\.123Z#[A-Za-z0-9_-]{8}$/);
  });
});
