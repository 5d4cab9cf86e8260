import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDynamoAuditTrail } from '../../../shared/adapters/dynamodb/audit-store';

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
  });
const conditionFailed = () => new ConditionalCheckFailedException({ $metadata: {}, message: 'exists' });
const sentItems = () =>
  dynamodb.commandCalls(PutItemCommand).map((call) => unmarshall(call.args[0].input.Item ?? {}));

afterEach(() => {
  dynamodb.reset();
});

describe('createDynamoAuditTrail', () => {
  it('writes one conditional PutItem under the execution, by actor and by day', async () => {
    // Prepare
    dynamodb.on(PutItemCommand).resolves({});

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
    const [call] = dynamodb.commandCalls(PutItemCommand);
    expect(call?.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');
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
        expiresAt: Math.floor(now().getTime() / 1000) + 10 * 86_400,
      },
    ]);
  });

  it('files an entry with no execution and no actor under its day, outside the actor index', async () => {
    // Prepare
    dynamodb.on(PutItemCommand).resolves({});

    // Act
    await trail().append({ action: 'approval.refused', outcome: 'refused', reason: 'BAD_SIGNATURE' });

    // Assess
    expect(sentItems()[0]).toMatchObject({ pk: 'AUDIT#2026-07-20', gsi4pk: 'AUDIT#2026-07-20' });
    expect(sentItems()[0]).not.toHaveProperty('gsi2pk');
  });

  it('stores a given time in the canonical ISO form the key ranges rely on', async () => {
    // Prepare
    dynamodb.on(PutItemCommand).resolves({});

    // Act
    const entry = await trail().append({
      action: 'approval.reminder',
      outcome: 'ok',
      at: '2026-07-01T14:00:00+02:00',
    });

    // Assess
    expect(entry.at).toBe('2026-07-01T12:00:00.000Z');
    expect(sentItems()[0]?.gsi4pk).toBe('AUDIT#2026-07-01');
  });

  it('never overwrites: an id clash is retried with a new id', async () => {
    // Prepare
    dynamodb.on(PutItemCommand).rejectsOnce(conditionFailed()).resolves({});

    // Act
    const entry = await trail(suffixes('11111111', '22222222')).append({
      action: 'approval.reminder',
      outcome: 'ok',
    });

    // Assess
    expect(entry.id.endsWith('#22222222')).toBe(true);
    expect(sentItems().map((item) => item.sk)).toEqual([
      'AUDIT#2026-07-20T12:00:00.123Z#11111111',
      'AUDIT#2026-07-20T12:00:00.123Z#22222222',
    ]);
  });

  it('gives up with CONFLICT after repeated clashes', async () => {
    // Prepare
    dynamodb.on(PutItemCommand).rejects(conditionFailed());

    // Act
    const append = trail().append({ action: 'approval.reminder', outcome: 'ok' });

    // Assess
    await expect(append).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(3);
  });

  it('translates a throttled write into TRANSIENT', async () => {
    // Prepare
    dynamodb
      .on(PutItemCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));

    // Act
    const append = trail().append({ action: 'approval.reminder', outcome: 'ok' });

    // Assess
    await expect(append).rejects.toMatchObject({ code: 'TRANSIENT' });
  });

  it('uses 8 random base64url characters by default', async () => {
    // Prepare
    dynamodb.on(PutItemCommand).resolves({});
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
