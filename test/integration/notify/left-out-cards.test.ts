import { LogLevel, WebClient } from '@slack/web-api';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { useVirtualDate } from '../../../bench/support/virtual-date';
import { buildEnvelope } from '../../../local/simulator/envelopes';
import { toSqsBatch } from '../../../local/simulator/eventbridge-delivery';
import { scriptExecution } from '../../../local/simulator/execution-script';
import { type LocalStack, startLocalStack } from '../../../local/stack';

// Slack's limits and the service on one clock the test moves: the stand-in enforces Tier 3 on it, and the
// service's rate gate and left-out cards time themselves by it.
let clock = Date.parse('2026-11-20T08:00:00Z');
let stack: LocalStack;
let restoreDate: () => void;
let ingest: (event: unknown, context: Context) => Promise<SQSBatchResponse>;

const plan = (pipeline: string, executionId: string) => ({
  pipeline,
  executionId,
  start: new Date(clock),
  stages: [{ name: 'Build', actions: [{ name: 'Build', category: 'Build', provider: 'CodeBuild' }] }],
  trigger: {},
  stepSeconds: 5,
});

const deliver = async (envelope: Record<string, unknown>) => {
  const response = await ingest(
    toSqsBatch([envelope], { duplicateShare: 0, reorderShare: 0 }),
    {} as Context,
  );
  expect(response.batchItemFailures).toEqual([]);
};

beforeAll(async () => {
  stack = await startLocalStack({ slack: { rateLimits: true, now: () => clock } });
  restoreDate = useVirtualDate(() => clock);
  ingest = (await import('../../../functions/ingest')).handler as unknown as typeof ingest;
});
afterAll(async () => {
  restoreDate();
  await stack.stop();
});

describe('a card change left out under Slack rate limits', () => {
  it('is shown after a later batch once the card is due, with no change of its own to carry it', async () => {
    // Prepare: execution A's card is posted; then Slack's Tier 3 is spent elsewhere in the workspace.
    const [aStarted, aStageStarted] = (
      await scriptExecution(plan('left-out-a', 'a1b2c3d4-0000-4000-8000-00000000000a'))
    ).map(buildEnvelope);
    await deliver(aStarted as Record<string, unknown>);
    const web = new WebClient('xoxb-local-pipegate', {
      slackApiUrl: stack.env.SLACK_API_URL,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    const other = await web.chat.postMessage({ channel: '#deploys', text: 'another app' });
    for (let n = 0; n < 10; n += 1) {
      await web.chat.update({ channel: String(other.channel), ts: String(other.ts), text: `busy ${n}` });
    }
    const cardOfA = () =>
      stack.slack.messages().find((message) => message.history[0]?.text?.includes('left-out-a'));
    await deliver(aStageStarted as Record<string, unknown>); // at once: its update meets a 429 and is left out
    const versionsWhileLimited = cardOfA()?.history.length;

    // Act: 45 s later a batch about another execution arrives; the container shows A's card after it.
    clock += 45_000;
    const [bStarted] = (
      await scriptExecution(plan('left-out-b', 'a1b2c3d4-0000-4000-8000-00000000000b'))
    ).map(buildEnvelope);
    await deliver(bStarted as Record<string, unknown>);

    // Assess: A's card was not updated while limited, and is now (its Build stage shown as started).
    expect(versionsWhileLimited).toBe(1);
    expect(cardOfA()?.history.length).toBe(2);
  });
});
