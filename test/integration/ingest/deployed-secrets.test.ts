import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2, Context, SQSEvent } from 'aws-lambda';
import { type SlackStandIn, startSlackStandIn } from '../../../local/standins/slack';
import { loadFixture } from '../../support/fixtures';
import { httpEvent } from '../audit/support/http-event';
import { type SsmStandIn, startSsmStandIn } from '../support/ssm-standin';
import { itemsUnder, recordedEvents } from '../support/table-items';
import { createTestTable, dynamoClient } from '../support/test-table';

// The functions as deployed: each secret named by a `*_PARAMETER` variable and read from SSM (a stand-in
// speaking its wire protocol), none given as a plain variable.
const client = dynamoClient();
const context = {} as Context;
const BOT_TOKEN = '/pipegate/test/slack-bot-token';
const SIGNING_SECRET = '/pipegate/test/slack-signing-secret';
const LINK_KEYS = '/pipegate/test/link-keys';
let ssm: SsmStandIn;
let slack: SlackStandIn;

beforeAll(async () => {
  ssm = await startSsmStandIn();
  slack = await startSlackStandIn();
  process.env.SLACK_API_URL = `${slack.url}/api/`;
  process.env.AWS_ENDPOINT_URL_SSM = ssm.url;
  process.env.PIPEGATE_TABLE = await createTestTable(client);
  process.env.PIPEGATE_CONFIG = join(__dirname, '..', '..', 'fixtures', 'config', 'valid', 'minimal.yaml');
  process.env.SLACK_BOT_TOKEN_PARAMETER = BOT_TOKEN;
  process.env.SLACK_SIGNING_SECRET_PARAMETER = SIGNING_SECRET;
  process.env.PIPEGATE_LINK_KEYS_PARAMETER = LINK_KEYS;
  for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'PIPEGATE_LINK_KEYS'])
    delete process.env[name];
});

afterAll(async () => {
  await Promise.all([ssm.close(), slack.close()]);
});

const executionItems = async (body: string) => {
  const { detail } = JSON.parse(body) as { detail: Record<string, string> };
  const items = await itemsUnder(
    client,
    String(process.env.PIPEGATE_TABLE),
    `EXEC#${detail['execution-id']}`,
  );
  return { summary: items.find((item) => item.kind === 'summary'), events: recordedEvents(items) };
};

describe('functions deployed with their secrets in SSM', () => {
  it('audit-api answers 200 without asking SSM for anything, even with every *_PARAMETER set and all refused', async () => {
    // Prepare
    for (const name of [BOT_TOKEN, SIGNING_SECRET, LINK_KEYS]) ssm.denied.add(name);
    const { handler } = await import('../../../functions/audit-api');
    const before = ssm.asked.length;

    // Act
    const response = (await handler(
      httpEvent('GET', '/audit/pending'),
      context,
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(response.statusCode).toBe(200);
    expect(ssm.asked.length).toBe(before);
    ssm.denied.clear();
  });

  it('ingest records events whose reactions need a missing parameter, fails no record, and finishes them on re-delivery', async () => {
    // Prepare
    ssm.parameters.set(BOT_TOKEN, 'xoxb-test');
    const { handler } = await import('../../../functions/ingest');
    const [record] = (loadFixture('sqs/batch-two-envelopes.json') as unknown as SQSEvent).Records;
    if (!record) throw new Error('fixture missing');
    const batch: SQSEvent = { Records: [record] };
    const body = record.body;

    // Act
    const response = await handler(batch, context);
    const recorded = await executionItems(body);
    ssm.parameters.set(LINK_KEYS, JSON.stringify({ k1: 'a'.repeat(43) }));
    await handler(batch, context);
    const redelivered = await executionItems(body);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(recorded.summary).toBeDefined();
    expect(recorded.events).toHaveLength(1);
    // The summary is saved and remembers the event as not reacted to; the re-delivery finishes it.
    expect(JSON.parse(String(recorded.summary?.summary)).unreacted).toHaveLength(1);
    expect(ssm.asked).toContain(LINK_KEYS);
    expect(JSON.parse(String(redelivered.summary?.summary)).unreacted).toEqual([]);
    expect(redelivered.events).toHaveLength(1);
    expect(slack.messages().length).toBeGreaterThan(0);
  });

  it('slack-interactions answers 500 (a server fault) while its signing secret does not exist', async () => {
    // Prepare
    ssm.parameters.set(BOT_TOKEN, 'xoxb-test');
    ssm.parameters.delete(SIGNING_SECRET);
    const { handler } = await import('../../../functions/slack-interactions');
    const event = { ...httpEvent('POST', '/slack/interactions'), body: 'payload=%7B%7D' };

    // Act
    const response = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(response.statusCode).toBe(500);
    expect(String(response.body)).not.toContain(SIGNING_SECRET);
    expect(ssm.asked).toContain(SIGNING_SECRET);
  });
});
