import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { SlackStandIn } from '../../../local/standins/slack';
import { startSlackStandIn } from '../../../local/standins/slack';
import { createSlackChat } from '../../../shared/adapters/slack/slack-chat';

describe('Slack stand-in with Slack rate limits', () => {
  let slack: SlackStandIn;
  let clock = 0;
  const client = (): WebClient =>
    new WebClient('xoxb-test', {
      slackApiUrl: `${slack.url}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });

  beforeAll(async () => {
    slack = await startSlackStandIn({ rateLimits: true, now: () => clock });
  });
  afterAll(async () => {
    await slack.close();
  });

  it('answers 429 with Retry-After once a channel has had its burst of posts, and recovers with time', async () => {
    // Prepare
    const web = client();
    for (let n = 0; n < 3; n += 1) await web.chat.postMessage({ channel: 'C1', text: `burst ${n}` });

    // Act
    const excess = web.chat.postMessage({ channel: 'C1', text: 'one too many' });
    const otherChannel = await web.chat.postMessage({ channel: 'C2', text: 'another channel' });
    await expect(excess).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    clock += 1_000;
    const later = await web.chat.postMessage({ channel: 'C1', text: 'a second later' });

    // Assess
    expect(otherChannel.ok).toBe(true);
    expect(later.ok).toBe(true);
    expect(slack.calls('chat.postMessage').filter((call) => call.status === 429)).toHaveLength(1);
  });

  it('holds chat.update to Tier 3 across the workspace (50 a minute after a burst of 10)', async () => {
    // Prepare
    const web = client();
    clock += 60_000;
    const { ts, channel } = await web.chat.postMessage({ channel: 'C3', text: 'card' });
    const update = () => web.chat.update({ channel: String(channel), ts: String(ts), text: 'again' });

    // Act
    const results = await Promise.allSettled(Array.from({ length: 11 }, update));
    clock += 60_000 / 50;
    const afterRefill = await update();

    // Assess
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(afterRefill.ok).toBe(true);
  });

  it('lets an intermediate card update fail at once on a rate limit, while a priority one waits it out', async () => {
    // Prepare: Tier 3 spent (a burst of 10), so the next update is refused for about a second.
    const waits: number[] = [];
    const chat = createSlackChat(client(), {
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    clock += 60_000;
    const { ts, channel } = await chat.postMessage({ channel: 'C4', text: 'card' });
    const message = { channel, ts, text: 'newer' };
    for (let n = 0; n < 10; n += 1) await chat.updateMessage(message);

    // Act
    const intermediate = chat.updateMessage(message, { waitOnRateLimit: false });
    await expect(intermediate).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const waitsBeforePriority = waits.length;
    await chat.updateMessage(message);

    // Assess: no wait for the intermediate update, one bounded wait for the priority one.
    expect(waitsBeforePriority).toBe(0);
    expect(waits).toHaveLength(1);
  });

  it('gives way to a priority update: an ordinary one is refused without a call while Slack said to back off', async () => {
    // Prepare: Tier 3 spent; the adapter's clock is the stand-in's.
    const waits: number[] = [];
    const chat = createSlackChat(client(), {
      now: () => new Date(clock),
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    clock += 60_000;
    const { ts, channel } = await chat.postMessage({ channel: 'C5', text: 'card' });
    const message = { channel, ts, text: 'newer' };
    for (let n = 0; n < 10; n += 1) await chat.updateMessage(message);
    const updateCalls = () => slack.calls('chat.update').length;

    // Act
    await expect(chat.updateMessage(message, { waitOnRateLimit: false })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    const callsAfterFirst429 = updateCalls();
    await expect(chat.updateMessage(message, { waitOnRateLimit: false })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    const callsAfterSecond = updateCalls();
    await chat.updateMessage(message);

    // Assess: the second ordinary update never reached Slack; the priority one waited the Retry-After once.
    expect(callsAfterSecond).toBe(callsAfterFirst429);
    expect(waits).toHaveLength(1);
    expect(updateCalls()).toBe(callsAfterSecond + 1);
  });

  it('keeps a priority update waiting through several Retry-Afters within its budget', async () => {
    // Prepare: each wait lets only half the time pass on Slack's side, so the first retry is refused again.
    const waits: number[] = [];
    const chat = createSlackChat(client(), {
      maxPriorityWaitSeconds: 8,
      now: () => new Date(clock),
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms / 2;
      },
    });
    clock += 60_000;
    const { ts, channel } = await chat.postMessage({ channel: 'C6', text: 'card' });
    const message = { channel, ts, text: 'failed' };
    for (let n = 0; n < 10; n += 1) await chat.updateMessage(message);

    // Act
    await chat.updateMessage(message);

    // Assess
    expect(waits.length).toBeGreaterThan(1);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(8_000);
  });

  it('does not make ordinary updates give way to a priority update Slack has not refused', async () => {
    // Prepare: plenty of Tier 3 left.
    const chat = createSlackChat(client(), { now: () => new Date(clock) });
    clock += 60_000;
    const { ts, channel } = await chat.postMessage({ channel: 'C7', text: 'card' });

    // Act
    const priority = chat.updateMessage({ channel, ts, text: 'failed' });
    const busyWhileInFlight = chat.updatesBusy?.();
    await priority;

    // Assess
    expect(busyWhileInFlight).toBe(false);
  });

  it('after a 429, gives the slots that refill to a card that waited, not to the card it just updated', async () => {
    // Prepare: two cards; Tier 3 spent on one of them, and refused once.
    const chat = createSlackChat(client(), { now: () => new Date(clock), sleep: async () => undefined });
    clock += 60_000;
    const waited = await chat.postMessage({ channel: 'C8', text: 'card A', deliveryKey: 'exec-a/card:#a' });
    clock += 40_000;
    const lately = await chat.postMessage({ channel: 'C9', text: 'card B', deliveryKey: 'exec-b/card:#b' });
    const card = (posted: { channel: string; ts: string }, deliveryKey: string) => ({
      ...posted,
      text: 'newer',
      deliveryKey,
    });
    const cardA = card(waited, 'exec-a/card:#a');
    const cardB = card(lately, 'exec-b/card:#b');
    for (let n = 0; n < 10; n += 1) await chat.updateMessage(cardB);
    await expect(chat.updateMessage(cardB, { waitOnRateLimit: false })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    clock += 1_000 + 3 * 1_200; // Retry-After over and four slots back: more than the reserve, far from full
    const updateCalls = () => slack.calls('chat.update').length;
    const callsBefore = updateCalls();

    // Act
    const busyForB = chat.updatesBusy?.('exec-b/card:#b');
    const justUpdated = chat.updateMessage(cardB, { waitOnRateLimit: false });
    await expect(justUpdated).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const callsForB = updateCalls() - callsBefore;
    await chat.updateMessage(cardA, { waitOnRateLimit: false });

    // Assess: B gave way without reaching Slack; A, unchanged for 40 s, took a slot.
    expect({ busyForB, callsForB }).toEqual({ busyForB: true, callsForB: 0 });
    expect(updateCalls()).toBe(callsBefore + 1);
  });
});
