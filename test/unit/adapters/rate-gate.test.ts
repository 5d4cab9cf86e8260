import { createRateGate, PRESSURE_MS, slotsNeeded } from '../../../shared/adapters/slack/rate-gate';

describe('rate gate: what one 429 said, for every call of this process', () => {
  it('is busy until the Retry-After passes and the reserve has refilled, and says how long', () => {
    // Prepare
    let now = 1_000;
    const gate = createRateGate(() => now);

    // Act
    gate.block(2);
    const during = { busy: gate.busy(), ms: gate.blockedForMs() };
    now += 2_000;
    const after = { busy: gate.busy(), ms: gate.blockedForMs() };
    now += 3_600;

    // Assess
    expect(during).toEqual({ busy: true, ms: 2_000 });
    expect(after).toEqual({ busy: true, ms: 0 });
    expect(gate.busy()).toBe(false);
  });

  it('is busy while a priority call runs, and free once it settles (even when it fails)', async () => {
    // Prepare
    const gate = createRateGate(() => 0);
    let release: () => void = () => undefined;
    const running = gate.priority(
      () =>
        new Promise<void>((_, reject) => {
          release = () => reject(new Error('rate limited'));
        }),
    );

    // Act
    const whileWaiting = gate.busy();
    await new Promise(setImmediate); // its turn comes after the calls already waiting (none)
    release();
    await expect(running).rejects.toThrow('rate limited');

    // Assess
    expect(whileWaiting).toBe(true);
    expect(gate.busy()).toBe(false);
  });

  it('never shortens a longer back-off it was already given', () => {
    // Prepare
    const gate = createRateGate(() => 0);

    // Act
    gate.block(30);
    gate.block(1);

    // Assess
    expect(gate.blockedForMs()).toBe(30_000);
  });

  it('counts a priority call in flight as taking a slot, only while Slack refused calls lately', async () => {
    // Prepare
    let now = 0;
    const gate = createRateGate(() => now);
    const busyDuring = async (sinceShownMs?: number) => {
      let busy = false;
      await gate.inFlight(async () => {
        busy = gate.busy(sinceShownMs);
      });
      return busy;
    };

    // Act
    const calm = await busyDuring();
    gate.block(1);
    now += 1_000 + 2_400; // Retry-After over and two slots refilled: three, one above the reserve
    const afterA429 = await busyDuring();
    const afterA429Idle = gate.busy();
    now += 1_200; // four slots: one left above the reserve besides the one in flight
    const withASlotToSpare = await busyDuring();
    now += PRESSURE_MS;
    const calmAgain = await busyDuring(0);

    // Assess
    expect({ calm, afterA429, afterA429Idle, withASlotToSpare, calmAgain }).toEqual({
      calm: false,
      afterA429: true,
      afterA429Idle: false,
      withASlotToSpare: false,
      calmAgain: false,
    });
  });

  it('after a 429, leaves the last slots of the refilling limit to priority calls', () => {
    // Prepare: Slack refused a call and said to retry in 1 s (the bucket is empty then, refilling 50/min).
    let now = 0;
    const gate = createRateGate(() => now);
    gate.block(1);

    // Act
    now = 1_000 + 1_200; // the slot Retry-After promised and one refilled: only the reserve
    const atReserve = gate.busy();
    now = 1_000 + 2_400; // three slots: one is free for an ordinary call
    const aboveReserve = gate.busy();
    gate.spent();
    const afterSpending = gate.busy();
    now += PRESSURE_MS; // no 429 for the pressure window: nothing gives way
    gate.block(0);
    now += PRESSURE_MS + 1_000;
    const calm = gate.busy();

    // Assess
    expect({ atReserve, aboveReserve, afterSpending, calm }).toEqual({
      atReserve: true,
      aboveReserve: false,
      afterSpending: true,
      calm: false,
    });
  });

  it('counts nothing while Slack has not refused a call', () => {
    // Prepare
    const gate = createRateGate(() => 0);

    // Act
    for (let call = 0; call < 20; call += 1) gate.spent();

    // Assess
    expect(gate.busy()).toBe(false);
  });

  it('lets waiting priority calls go first come, first served', async () => {
    // Prepare: the first waiting call holds its turn until released.
    const gate = createRateGate(() => 0);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const first = gate.priority(async () => {
      order.push('first starts');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      order.push('first done');
    });
    const second = gate.priority(async () => {
      order.push('second starts');
    });

    // Act
    await new Promise(setImmediate);
    const waitingBeforeRelease = gate.priorityWaiting();
    release();
    await Promise.all([first, second]);

    // Assess
    expect(waitingBeforeRelease).toBe(true);
    expect(order).toEqual(['first starts', 'first done', 'second starts']);
    expect(gate.priorityWaiting()).toBe(false);
  });

  it('after a 429, says how long until the refilling limit has a slot', () => {
    // Prepare
    let now = 0;
    const gate = createRateGate(() => now);

    // Act
    gate.block(1);
    const duringRetryAfter = gate.msUntilSlot();
    now = 1_000;
    const atRetryAfterEnd = gate.msUntilSlot();
    now = 2_200;
    const oneSlotBack = gate.msUntilSlot();

    // Assess: Slack frees a slot when Retry-After ends, then one every 1.2 s (50 a minute).
    gate.spent();
    gate.spent(); // both slots taken
    const afterSpending = gate.msUntilSlot();
    expect({ duringRetryAfter, atRetryAfterEnd, oneSlotBack, afterSpending }).toEqual({
      duringRetryAfter: 1_000,
      atRetryAfterEnd: 0,
      oneSlotBack: 0,
      afterSpending: 1_200,
    });
  });

  it('after a 429, gives a free slot to a card that waited rather than to one shown seconds ago', () => {
    // Prepare: Slack refused a call; then five slots refill (6 s at 50 a minute).
    let now = 0;
    const gate = createRateGate(() => now);
    gate.block(1);
    now = 1_000 + 4 * 1_200;

    // Act
    const shownJustNow = gate.busy(0);
    const shownHalfAMinuteAgo = gate.busy(30_000);
    const neverShownHere = gate.busy();
    now += 5 * 1_200; // the bucket nearly full: nobody older wants the slots
    const shownJustNowLater = gate.busy(0);

    // Assess
    expect({ shownJustNow, shownHalfAMinuteAgo, neverShownHere, shownJustNowLater }).toEqual({
      shownJustNow: true,
      shownHalfAMinuteAgo: false,
      neverShownHere: false,
      shownJustNowLater: false,
    });
  });

  it('asks fewer free slots the longer a card has waited, never fewer than one above the reserve', () => {
    // Act
    const needed = [0, 8_000, 16_000, 24_000, 32_000, 40_000, 120_000].map(slotsNeeded);

    // Assess
    expect(needed).toEqual([8, 7, 6, 5, 4, 3, 3]);
    expect(slotsNeeded(undefined)).toBe(3);
  });

  it('lets a card shown seconds ago go at once while Slack has not refused a call', () => {
    // Prepare
    const gate = createRateGate(() => 0);

    // Act
    const busy = gate.busy(0);

    // Assess
    expect(busy).toBe(false);
  });

  it('counts ordinary calls in flight too, so concurrent ones cannot drain the reserve on one estimate', async () => {
    // Prepare: after a 429, four slots: one above the reserve for each of two calls of unknown age.
    let now = 0;
    const gate = createRateGate(() => now);
    gate.block(1);
    now = 1_000 + 3 * 1_200;
    const seen: boolean[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });

    // Act: each call checks the gate, then goes and waits for Slack's answer.
    const call = () => {
      seen.push(gate.busy());
      return gate.inFlight(() => held);
    };
    const first = call();
    const second = call();
    const third = gate.busy();
    release();
    await Promise.all([first, second]);

    // Assess
    expect({ seen, third }).toEqual({ seen: [false, false], third: true });
  });
});
