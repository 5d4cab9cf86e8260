import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDynamoRollupStore } from '../../../shared/adapters/dynamodb/rollup-store';
import type { RunFact } from '../../../shared/metrics/run-fact';
import { memoryRollupTable as tableOn } from '../../support/fakes/rollup-table';

// Lambda runs Node 22+; the SDK's Node 20 notice (printed when a client is built) is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dynamodb = mockClient(DynamoDBClient);
const memoryTable = () => tableOn(dynamodb);

const DAY = 86_400;
const T0 = new Date('2026-07-20T12:00:00Z');
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);
let clock = T0;
/** A container's store: its own memory of the pipelines it registered. */
const container = () =>
  createDynamoRollupStore({
    client: new DynamoDBClient({ region: 'eu-west-1' }),
    tableName: 'pipegate-test',
    retention: { historyDays: 400, auditDays: 10 },
    now: () => clock,
  });

const fact = (id: string, pipeline = 'prod-api', end = '2026-07-20T11:59:00.000Z'): RunFact => ({
  id,
  pipeline,
  state: 'SUCCEEDED',
  start: '2026-07-20T11:50:00.000Z',
  end,
  stages: { Deploy: { state: 'SUCCEEDED', ms: 60_000 } },
  approvalWaits: [],
});

const registryPuts = () => dynamodb.commandCalls(PutItemCommand).length;
const dayWrites = () => dynamodb.commandCalls(UpdateItemCommand).length;

beforeEach(() => {
  clock = T0;
});

afterEach(() => {
  dynamodb.reset();
});

describe('createDynamoRollupStore: the registry entry written only when it can be missing', () => {
  it('registers a pipeline with its first day item, then writes only the day item for its next runs', async () => {
    // Prepare
    const table = memoryTable();
    const store = container();

    // Act
    await store.record(fact('run-1'));
    await store.record(fact('run-2'));
    await store.record(fact('run-3'));

    // Assess
    expect(dayWrites()).toBe(3);
    expect(registryPuts()).toBe(1);
    const registry = table.get('METRICS', 'PIPELINE#prod-api');
    const day = table.get('METRICS#prod-api', 'DAY#2026-07-20');
    expect(registry).toEqual({
      pk: 'METRICS',
      sk: 'PIPELINE#prod-api',
      kind: 'rollup-pipeline',
      expiresAt: epoch(T0) + 430 * DAY,
    });
    // The day item says the registry entry exists, and until when: longer than the day item itself.
    expect(day?.registeredUntil).toBe(registry?.expiresAt);
    expect(day?.expiresAt).toBe(epoch(T0) + 400 * DAY);
    expect(Object.keys(day ?? {}).filter((name) => name.startsWith('run#'))).toHaveLength(3);
  });

  it('another container trusts a day item that records the registration: no registry write', async () => {
    // Prepare
    memoryTable();
    const first = container();
    await first.record(fact('run-1'));
    await first.record(fact('run-2'));
    dynamodb.resetHistory();

    // Act
    const second = container();
    await second.record(fact('run-3'));
    await second.record(fact('run-4'));

    // Assess
    expect(registryPuts()).toBe(0);
    const returned = dynamodb.commandCalls(UpdateItemCommand).map((call) => call.args[0].input.ReturnValues);
    expect(returned).toEqual(['ALL_OLD', 'NONE']);
  });

  it('heals a crash between the day write and the registry write: the next writer registers', async () => {
    // Prepare: the day item was written, the registry entry never was.
    const table = memoryTable();
    await container().record(fact('run-1'));
    table.forget('METRICS', 'PIPELINE#prod-api');
    dynamodb.resetHistory();

    // Act: the re-delivery (any container, none remembers the pipeline).
    await container().record(fact('run-1'));

    // Assess
    expect(registryPuts()).toBe(1);
    expect(table.get('METRICS', 'PIPELINE#prod-api')).toBeDefined();
  });

  it('registers again on a new day item only where no registration is known', async () => {
    // Prepare
    memoryTable();
    const warm = container();
    await warm.record(fact('run-1'));
    dynamodb.resetHistory();

    // Act: the next day, the warm container writes its day item; a cold one follows on it.
    clock = new Date(T0.getTime() + DAY * 1000);
    await warm.record(fact('run-2', 'prod-api', '2026-07-21T10:00:00.000Z'));
    await container().record(fact('run-3', 'prod-api', '2026-07-21T11:00:00.000Z'));

    // Assess
    expect(registryPuts()).toBe(0);
    expect(dayWrites()).toBe(2);
  });

  it('re-writes the registry entry before the day items could outlive it (remembered and recorded)', async () => {
    // Prepare
    const table = memoryTable();
    const warm = container();
    await warm.record(fact('run-1'));
    await warm.record(fact('run-2'));
    dynamodb.resetHistory();

    // Act: 31 days later a day item written now would outlive the entry written then; the warm container
    // re-writes it, its next day write records that, and a cold container then trusts the day item.
    clock = new Date(T0.getTime() + 31 * DAY * 1000);
    await warm.record(fact('run-3'));
    await warm.record(fact('run-4'));
    await container().record(fact('run-5'));

    // Assess
    expect(registryPuts()).toBe(1);
    expect(table.get('METRICS', 'PIPELINE#prod-api')?.expiresAt).toBe(epoch(clock) + 430 * DAY);
    expect(table.get('METRICS#prod-api', 'DAY#2026-07-20')?.registeredUntil).toBe(epoch(clock) + 430 * DAY);
  });

  it('remembers a bounded number of pipelines, forgetting the oldest first', async () => {
    // Prepare
    memoryTable();
    const store = container();
    for (let index = 0; index <= 5_000; index += 1) await store.record(fact(`run-${index}`, `p-${index}`));
    dynamodb.resetHistory();

    // Act
    await store.record(fact('again-0', 'p-0'));
    await store.record(fact('again-5000', 'p-5000'));

    // Assess: p-0 is asked of the table again (its one day write could not record the registration, so it
    // is written again); p-5000 is still remembered.
    const returned = dynamodb.commandCalls(UpdateItemCommand).map((call) => call.args[0].input.ReturnValues);
    expect(returned).toEqual(['ALL_OLD', 'NONE']);
    expect(dynamodb.commandCalls(PutItemCommand).map((call) => call.args[0].input.Item?.sk?.S)).toEqual([
      'PIPELINE#p-0',
    ]);
  });
});
