import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDynamoApprovalStore } from '../../../shared/adapters/dynamodb/approval-store';
import { createDynamoHistoryStore } from '../../../shared/adapters/dynamodb/history-store';
import { storedExecutionSummarySchema } from '../../../shared/adapters/dynamodb/records/execution-summary-schema';
import { storedPipelineEventSchema } from '../../../shared/adapters/dynamodb/records/pipeline-event-schema';
import {
  compactEntries,
  storedRecordedEventsSchema,
  withCommon,
} from '../../../shared/adapters/dynamodb/records/recorded-events';
import { DEFAULT_RETENTION } from '../../../shared/config/retention';
import { PipegateError } from '../../../shared/errors';
import { semanticKey } from '../../../shared/history/semantic-key';
import { loadExecution } from '../../support/fixtures';
import { eventsOf, pendingApproval, replayEvents } from '../present/summaries';

// Lambda runs Node 22+; the SDK's Node 20 notice (printed when a client is built) is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dynamodb = mockClient(DynamoDBClient);
const options = { client: new DynamoDBClient({}), tableName: 'pipegate', retention: DEFAULT_RETENTION };
const EXECUTIONS = ['prod-api-success', 'prod-api-build-failed'];

/** The error a call fails with, so a test can look at its code and details. */
const failureOf = async (call: () => Promise<unknown>): Promise<PipegateError> => {
  try {
    await call();
  } catch (error) {
    if (error instanceof PipegateError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
};

beforeEach(() => dynamodb.reset());

describe('stored record schemas', () => {
  it.each(EXECUTIONS)('read back every event and the summary pipegate writes for %s', (folder) => {
    // Prepare
    const events = eventsOf(loadExecution(folder));
    const summary = replayEvents(events);

    // Act
    const stored = events.map((event) => storedPipelineEventSchema.parse(JSON.parse(JSON.stringify(event))));
    const storedSummary = storedExecutionSummarySchema.parse(JSON.parse(JSON.stringify(summary)));

    // Assess
    expect(stored).toEqual(events);
    expect(storedSummary).toEqual(summary);
  });
});

describe('approval store reads', () => {
  it('returns the record it wrote', async () => {
    // Prepare
    const record = pendingApproval({ claim: undefined, comment: 'ship it' });
    dynamodb.on(PutItemCommand).resolves({});
    await createDynamoApprovalStore(options).create(record);
    const written = dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input.Item;
    dynamodb.on(GetItemCommand).resolves({ Item: written });

    // Act
    const read = await createDynamoApprovalStore(options).get(record.executionId, record.approvalId);

    // Assess
    expect(read).toEqual(record);
  });

  it('keeps a field a newer writer added', async () => {
    // Prepare
    const record = { ...pendingApproval(), escalations: [{ by: 'sam@example.com' }] };
    dynamodb.on(GetItemCommand).resolves({
      Item: marshall({ pk: 'EXEC#x', sk: 'APPROVAL#a', record: JSON.stringify(record) }),
    });

    // Act
    const read = await createDynamoApprovalStore(options).get('x', 'a');

    // Assess
    expect(read).toMatchObject({ escalations: [{ by: 'sam@example.com' }] });
  });

  it('refuses a corrupt record with an error naming the item and the field', async () => {
    // Prepare
    const corrupt = { ...pendingApproval(), status: 'maybe' };
    dynamodb.on(GetItemCommand).resolves({
      Item: marshall({ pk: 'EXEC#x', sk: 'APPROVAL#a', record: JSON.stringify(corrupt) }),
    });

    // Act
    const error = await failureOf(() => createDynamoApprovalStore(options).get('x', 'a'));

    // Assess
    expect(error.code).toBe('INVALID_RECORD');
    expect(error.message).toContain('EXEC#x APPROVAL#a');
    expect(error.details).toMatchObject({ pk: 'EXEC#x', sk: 'APPROVAL#a', attribute: 'record' });
    expect(error.details.issues).toEqual([expect.stringMatching(/^status: expected one of pending, /)]);
  });

  it('refuses a record that is not JSON', async () => {
    // Prepare
    dynamodb.on(GetItemCommand).resolves({
      Item: marshall({ pk: 'EXEC#x', sk: 'APPROVAL#a', record: '{"approvalId":' }),
    });

    // Act
    const error = await failureOf(() => createDynamoApprovalStore(options).get('x', 'a'));

    // Assess
    expect(error.code).toBe('INVALID_RECORD');
    expect(error.message).toBe('stored item EXEC#x APPROVAL#a: record is not JSON');
  });
});

describe('history store reads', () => {
  const summary = replayEvents(eventsOf(loadExecution('prod-api-success')));
  const summaryItem = (stored: object) =>
    marshall({ pk: `EXEC#${summary.executionId}`, sk: 'SUMMARY', summary: JSON.stringify(stored) });

  it('drops the dedupe list older summaries carry', async () => {
    // Prepare
    dynamodb.on(GetItemCommand).resolves({ Item: summaryItem({ ...summary, seen: ['abc'] }) });

    // Act
    const read = await createDynamoHistoryStore(options).getSummary(summary.executionId);

    // Assess
    expect(read).toEqual(summary);
  });

  it('refuses a summary whose stage lost its state, naming the item', async () => {
    // Prepare
    const [name, stage] = Object.entries(summary.stages)[0] ?? [];
    const { state: _state, ...stateless } = stage ?? {};
    dynamodb.on(GetItemCommand).resolves({
      Item: summaryItem({ ...summary, stages: { ...summary.stages, [String(name)]: stateless } }),
    });

    // Act
    const error = await failureOf(() => createDynamoHistoryStore(options).getSummary(summary.executionId));

    // Assess
    expect(error.code).toBe('INVALID_RECORD');
    expect(error.details).toMatchObject({ pk: `EXEC#${summary.executionId}`, sk: 'SUMMARY' });
    expect(error.details.issues).toEqual([expect.stringMatching(new RegExp(`^stages\\.${name}\\.state: `))]);
  });

  it('refuses a stored stage event without its stage', async () => {
    // Prepare: an item from before history pages existed.
    const event = { eventId: 'e', level: 'stage', pipeline: 'p', executionId: 'x', state: 'STARTED' };
    dynamodb.on(QueryCommand).resolves({
      Items: [
        marshall({
          pk: 'EXEC#x',
          sk: 'EVENT#k',
          kind: 'event',
          recordedAt: '2026-07-01T10:00:00.000Z',
          event: JSON.stringify({ ...event, time: '2026-07-01T10:00:00.000Z', attempt: 1 }),
        }),
      ],
    });

    // Act
    const error = await failureOf(() => createDynamoHistoryStore(options).listPagedEvents('x'));

    // Assess
    expect(error.code).toBe('INVALID_RECORD');
    expect(error.details).toMatchObject({ pk: 'EXEC#x', sk: 'EVENT#k', attribute: 'event' });
    expect(error.details.issues).toEqual([expect.stringMatching(/^stage: /)]);
  });

  it('refuses a history page whose event lost its state, naming the entry', async () => {
    // Prepare
    const entry = {
      recordedAt: '2026-07-01T10:00:00.000Z',
      event: { eventId: 'e', level: 'pipeline', time: 't', attempt: 1 },
    };
    dynamodb.on(QueryCommand).resolves({
      Items: [
        marshall({
          pk: 'EXEC#x',
          sk: 'EVENTS#000000',
          kind: 'events',
          pipeline: 'p',
          executionId: 'x',
          events: deflateRawSync(JSON.stringify([entry])),
        }),
      ],
    });

    // Act
    const error = await failureOf(() => createDynamoHistoryStore(options).listPagedEvents('x'));

    // Assess
    expect(error.code).toBe('INVALID_RECORD');
    expect(error.details).toMatchObject({ pk: 'EXEC#x', sk: 'EVENTS#000000', attribute: 'events' });
    expect(error.details.issues).toEqual([expect.stringMatching(/^0\.event\.state: /)]);
  });
});

describe('recorded events as the summary and pages store them', () => {
  it('keeps an event that lacks or differs in a field the item names as it was', () => {
    // Prepare
    const [event] = eventsOf(loadExecution('prod-api-build-failed'));
    if (!event) throw new Error('fixture missing');
    const { account: _account, ...withoutAccount } = event;
    const entries = [
      { key: semanticKey(event), event: withoutAccount, recordedAt: event.time },
      { key: semanticKey(event), event: { ...event, region: 'us-east-1' }, recordedAt: event.time },
    ];
    const common = {
      pipeline: event.pipeline,
      executionId: event.executionId,
      account: '111111111111',
      region: 'eu-west-1',
    };

    // Act
    const stored = JSON.parse(JSON.stringify(compactEntries(entries, common)));
    const read = storedRecordedEventsSchema.parse(withCommon(stored, common));

    // Assess
    expect(stored[0].event.account).toBeNull();
    expect(stored[0].event).not.toHaveProperty('pipeline');
    expect(read).toEqual(entries);
  });

  it('packs the window beside the summary JSON, without what the summary names, and unpacks it on reading', async () => {
    // Prepare
    const events = eventsOf(loadExecution('prod-api-build-failed'));
    const summary = replayEvents(events);
    const recentEvents = events
      .slice(0, 3)
      .map((event) => ({ key: semanticKey(event), event, recordedAt: event.time }));
    dynamodb.on(PutItemCommand).resolves({});

    // Act
    await createDynamoHistoryStore(options).saveSummary({ ...summary, recentEvents }, undefined);
    const item = dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input.Item;
    const packed = JSON.parse(inflateRawSync(item?.recent?.B ?? new Uint8Array()).toString('utf8'));
    dynamodb.on(GetItemCommand).resolves({ Item: item });
    const read = await createDynamoHistoryStore(options).getSummary(summary.executionId);

    // Assess
    expect(String(item?.summary?.S)).not.toContain('recentEvents');
    expect(JSON.stringify(packed)).not.toContain(summary.executionId);
    expect(packed[0]).not.toHaveProperty('key');
    expect(item?.recent?.B?.byteLength).toBeLessThan(JSON.stringify(packed).length / 2);
    expect(read?.recentEvents).toEqual(recentEvents);
  });

  it('refuses a window that is not deflated JSON, naming the item', async () => {
    // Prepare
    const summary = replayEvents(eventsOf(loadExecution('prod-api-success')));
    dynamodb.on(GetItemCommand).resolves({
      Item: marshall({
        pk: `EXEC#${summary.executionId}`,
        sk: 'SUMMARY',
        summary: JSON.stringify(summary),
        recent: new TextEncoder().encode('not deflated'),
      }),
    });

    // Act
    const error = await failureOf(() => createDynamoHistoryStore(options).getSummary(summary.executionId));

    // Assess
    expect(error.code).toBe('INVALID_RECORD');
    expect(error.details).toMatchObject({ sk: 'SUMMARY', attribute: 'recent' });
  });
});
