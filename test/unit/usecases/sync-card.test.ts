import { type CardContent, type CardDeps, syncCard } from '../../../shared/delivery/sync-card';
import { PipegateError } from '../../../shared/errors';
import { FakeChat } from '../../support/fakes/chat';
import { fakeClock, recordingSleep } from '../../support/fakes/clock';
import { RecordingLog } from '../../support/fakes/log';
import { InMemoryNotificationStore } from '../../support/fakes/notification-store';

const EXECUTION = '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';

const content = (text: string, version: number): CardContent => ({
  text,
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  version,
});

const cardWorld = () => {
  const chat = new FakeChat();
  const store = new InMemoryNotificationStore();
  const clock = fakeClock();
  const waits = recordingSleep();
  const log = new RecordingLog();
  const deps: CardDeps = { chat, store, log, now: clock.now, wait: waits.sleep };
  return { chat, store, clock, waits, log, deps };
};

const render = (text: string, version: number) => async () => content(text, version);

describe('syncCard: one message per execution and channel, kept current', () => {
  it('posts the card once and remembers where it is', async () => {
    // Prepare
    const { chat, store, deps } = cardWorld();

    // Act
    const card = await syncCard(EXECUTION, '#deploys', render('running', 1), deps);

    // Assess
    expect(chat.posted).toEqual([expect.objectContaining({ channel: '#deploys', text: 'running' })]);
    expect(card).toMatchObject({ channelId: 'CDEPLOYS', ts: chat.posted[0]?.ts, renderedVersion: 1 });
    expect(store.card(EXECUTION, '#deploys')).toMatchObject({ ts: chat.posted[0]?.ts, renderedVersion: 1 });
  });

  it("posts an execution's first change without trying a render claim first (it could only be refused)", async () => {
    // Prepare
    const { chat, store, deps } = cardWorld();
    const claims = jest.spyOn(store, 'claimCardRender');

    // Act
    await syncCard(EXECUTION, '#deploys', render('running', 1), deps, { firstChange: true });
    await syncCard(EXECUTION, '#deploys', render('running', 1), deps, { firstChange: true });

    // Assess: posted once; the re-delivery finds the card instead of posting again.
    expect(claims).not.toHaveBeenCalled();
    expect(chat.posted).toHaveLength(1);
  });

  it('updates the posted card when a newer version looks different', async () => {
    const { chat, deps } = cardWorld();
    await syncCard(EXECUTION, '#deploys', render('running', 1), deps);

    const card = await syncCard(EXECUTION, '#deploys', render('succeeded', 2), deps);

    expect(chat.posted).toHaveLength(1);
    expect(chat.updated).toEqual([expect.objectContaining({ channel: 'CDEPLOYS', text: 'succeeded' })]);
    expect(card?.renderedVersion).toBe(2);
  });

  it('never lets an older render replace a newer one', async () => {
    const { chat, deps } = cardWorld();
    await syncCard(EXECUTION, '#deploys', render('succeeded', 5), deps);

    await syncCard(EXECUTION, '#deploys', render('running', 3), deps);

    expect(chat.updated).toHaveLength(0);
  });

  it('costs no Slack call when a priority render looks like the one shown', async () => {
    const { chat, deps } = cardWorld();
    await syncCard(EXECUTION, '#deploys', render('running', 1), deps);

    await syncCard(EXECUTION, '#deploys', render('running', 2), deps, { priority: true });

    expect(chat.updated).toHaveLength(0);
  });

  it('sends an ordinary update with one read and no write', async () => {
    // Prepare
    const { chat, store, deps } = cardWorld();
    await syncCard(EXECUTION, '#deploys', render('running', 1), deps);
    const reads = jest.spyOn(store, 'getCard');
    const writes = (['claimCard', 'saveCardPosted', 'claimCardRender', 'releaseCardRender'] as const).map(
      (method) => jest.spyOn(store, method),
    );

    // Act
    const card = await syncCard(EXECUTION, '#deploys', render('running Build', 2), deps);

    // Assess
    expect(chat.updated.map((message) => message.text)).toEqual(['running Build']);
    expect(card).toMatchObject({ ts: chat.posted[0]?.ts, renderedVersion: 2 });
    expect(reads).toHaveBeenCalledTimes(1);
    for (const write of writes) expect(write).not.toHaveBeenCalled();
  });

  it('leaves out an ordinary render no newer than the priority render claimed before it', async () => {
    // Prepare: a failure (version 4) was claimed and shown; a slower worker still holds version 3.
    const { chat, deps } = cardWorld();
    await syncCard(EXECUTION, '#deploys', render('running', 1), deps);
    await syncCard(EXECUTION, '#deploys', render('failed', 4), deps, { priority: true });

    // Act
    await syncCard(EXECUTION, '#deploys', render('running Build', 3), deps);

    // Assess
    expect(chat.updated.map((message) => message.text)).toEqual(['failed']);
  });

  it('posts the card when an ordinary change finds none yet', async () => {
    const { chat, deps } = cardWorld();

    const card = await syncCard(EXECUTION, '#deploys', render('running Build', 2), deps);

    expect(chat.posted.map((message) => message.text)).toEqual(['running Build']);
    expect(card?.ts).toBe(chat.posted[0]?.ts);
  });

  it('marks a card Slack refuses permanently and stops trying', async () => {
    const { chat, store, log, deps } = cardWorld();
    chat.faults.failNext('postMessage', new PipegateError('PERMANENT_DELIVERY', 'channel_not_found'));

    const first = await syncCard(EXECUTION, '#gone', render('running', 1), deps);
    const second = await syncCard(EXECUTION, '#gone', render('failed', 2), deps);

    expect([first, second]).toEqual([undefined, undefined]);
    expect(store.card(EXECUTION, '#gone')?.failedError).toBe('channel_not_found');
    expect(chat.posted).toHaveLength(0);
    expect(log.messages('error')).toHaveLength(1);
  });

  it('releases the post claim on a transient failure so the retry posts at once', async () => {
    const { chat, deps } = cardWorld();
    chat.faults.failNext('postMessage', new PipegateError('TRANSIENT', 'timeout'));
    await expect(syncCard(EXECUTION, '#deploys', render('running', 1), deps)).rejects.toMatchObject({
      code: 'TRANSIENT',
    });

    await syncCard(EXECUTION, '#deploys', render('running', 1), deps);

    expect(chat.posted).toHaveLength(1);
  });

  it('drops a rate-limited ordinary update without a write, and the next change still shows', async () => {
    const { chat, store, log, deps } = cardWorld();
    await syncCard(EXECUTION, '#deploys', render('running', 1), deps);
    chat.faults.failNext('updateMessage', new PipegateError('RATE_LIMITED', 'ratelimited'));
    const releases = jest.spyOn(store, 'releaseCardRender');

    const card = await syncCard(EXECUTION, '#deploys', render('running Build', 2), deps);
    await syncCard(EXECUTION, '#deploys', render('running Test', 3), deps);

    expect(card?.renderedVersion).toBe(1);
    expect(releases).not.toHaveBeenCalled();
    expect(chat.updated.map((message) => message.text)).toEqual(['running Test']);
    expect(log.messages('info')).toEqual([
      'card update dropped under Slack rate limits; the next change renders the newest state',
    ]);
  });

  it('waits out a short rate limit only for a priority update (an ordinary one is dropped at once)', async () => {
    const { chat, deps } = cardWorld();
    await syncCard(EXECUTION, '#deploys', render('running', 1), deps);

    await syncCard(EXECUTION, '#deploys', render('running Build', 2), deps);
    await syncCard(EXECUTION, '#deploys', render('failed', 3), deps, { priority: true });

    expect(chat.updateWaits).toEqual([false, true]);
  });

  it('rethrows a rate-limited priority update so the transport retries it', async () => {
    const { chat, store, deps } = cardWorld();
    await syncCard(EXECUTION, '#deploys', render('running', 1), deps);
    chat.faults.failNext('updateMessage', new PipegateError('RATE_LIMITED', 'ratelimited'));

    const update = syncCard(EXECUTION, '#deploys', render('failed', 2), deps, { priority: true });

    await expect(update).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(store.card(EXECUTION, '#deploys')?.renderedVersion).toBe(1);
  });

  it('renders the latest again when a newer version was claimed during a priority update', async () => {
    // Prepare: while our update is in flight, another worker claims version 3.
    const { chat, store, deps } = cardWorld();
    await syncCard(EXECUTION, '#deploys', render('running', 1), deps);
    const update = chat.updateMessage.bind(chat);
    let renders = 0;
    chat.updateMessage = async (message) => {
      chat.updateMessage = update;
      await store.claimCardRender(EXECUTION, '#deploys', 3, 'someone-else');
      return update(message);
    };
    const latest = async () => {
      renders += 1;
      return renders === 1 ? content('failed', 2) : content('failed, retried', 3);
    };

    await syncCard(EXECUTION, '#deploys', latest, deps, { priority: true });

    expect(chat.updated.map((message) => message.text)).toEqual(['failed', 'failed, retried']);
  });

  it('waits for another worker’s post instead of posting twice', async () => {
    const { chat, store, clock, waits, deps } = cardWorld();
    await store.claimCard(EXECUTION, '#deploys', clock.now().toISOString(), '1970-01-01T00:00:00.000Z');
    const wait = deps.wait;
    deps.wait = async (ms) => {
      await wait?.(ms);
      await store.saveCardPosted(EXECUTION, '#deploys', {
        channelId: 'CDEPLOYS',
        ts: '1.000001',
        renderedVersion: 1,
        renderHash: 'theirs',
      });
    };

    const card = await syncCard(EXECUTION, '#deploys', render('running', 1), deps);

    expect(card?.ts).toBe('1.000001');
    expect(chat.posted).toHaveLength(0);
    expect(waits.waited).toEqual([100]);
  });

  it('throws TRANSIENT when the other worker has not posted after waiting', async () => {
    const { store, clock, waits, deps } = cardWorld();
    await store.claimCard(EXECUTION, '#deploys', clock.now().toISOString(), '1970-01-01T00:00:00.000Z');

    await expect(syncCard(EXECUTION, '#deploys', render('running', 1), deps)).rejects.toMatchObject({
      code: 'TRANSIENT',
    });
    expect(waits.waited).toEqual([100, 200, 400, 800, 1_200]);
  });

  it('takes over a post claim whose holder crashed a minute ago', async () => {
    const { chat, store, clock, deps } = cardWorld();
    await store.claimCard(EXECUTION, '#deploys', '2026-09-01T11:58:59.000Z', '1970-01-01T00:00:00.000Z');
    clock.set('2026-09-01T12:00:00.000Z');

    await syncCard(EXECUTION, '#deploys', render('running', 1), deps);

    expect(chat.posted).toHaveLength(1);
  });
});
