import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { silentLog } from '../../../shared/logging/log';
import type { OpsDimensions, OpsMetricName, OpsMetrics } from '../../../shared/metrics/ops-metrics';
import { createDecideWiring } from '../../../shared/wiring/decide-wiring';

// Never called: only Slack is reached, at the refusing server below.
const clients = {
  dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
  codepipeline: new CodePipelineClient({ region: 'eu-west-1' }),
};

/** A Slack API that refuses every call as Slack does for a channel the bot is not in. */
let slack: Server;
let apiUrl: string;
beforeAll(async () => {
  slack = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: false, error: 'not_in_channel' }));
  });
  await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api/`;
});
afterAll(async () => {
  await new Promise((resolve) => slack.close(resolve));
  clients.dynamodb.destroy();
  clients.codepipeline.destroy();
});

const environment = () => ({
  PIPEGATE_TABLE: 'pipegate-test',
  PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:pipegate-test',
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_API_URL: apiUrl,
});

const recordingMetrics = () => {
  const counted: Array<{ name: OpsMetricName; dimensions?: OpsDimensions }> = [];
  const metrics: OpsMetrics = {
    count: (name, dimensions) => counted.push({ name, dimensions }),
    milliseconds: () => {},
  };
  return { metrics, counted };
};

describe('the deciding functions count failed Slack deliveries (slack-interactions, approval-decider, approval-links)', () => {
  it('counts a refused post as DeliveryFailure on the slack channel, the dimension the alarm watches', async () => {
    // Prepare
    const { metrics, counted } = recordingMetrics();
    const wiring = createDecideWiring(
      {
        ...clients,
        parameters: async () => 'unused',
        log: silentLog,
        metrics,
        environment: environment(),
      },
      ['slackBotToken'],
    );
    const { chat, decide } = await wiring();

    // Act
    await expect(chat?.postMessage({ channel: 'C1', text: 'decided' })).rejects.toThrow();
    await expect(decide.chat?.updateMessage({ channel: 'C1', ts: '1.2', text: 'decided' })).rejects.toThrow();

    // Assess
    expect(counted).toEqual([
      { name: 'DeliveryFailure', dimensions: { channel: 'slack' } },
      { name: 'DeliveryFailure', dimensions: { channel: 'slack' } },
    ]);
  });

  it('wraps the Slack client once, so the decision dependencies are not rebuilt per invocation', async () => {
    // Prepare
    const wiring = createDecideWiring(
      {
        ...clients,
        parameters: async () => 'unused',
        log: silentLog,
        metrics: recordingMetrics().metrics,
        environment: environment(),
      },
      ['slackBotToken'],
    );

    // Act
    const first = await wiring();
    const second = await wiring();

    // Assess
    expect(second.decide).toBe(first.decide);
    expect(second.chat).toBe(first.chat);
  });
});
