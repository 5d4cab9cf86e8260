import { createRateGate } from '../../../shared/adapters/slack/rate-gate';

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

  it('gives way to a priority call in flight only while Slack refused calls lately', async () => {
    // Prepare
    let now = 0;
    const gate = createRateGate(() => now);
    const busyDuring = async () => {
      let busy = false;
      await gate.inFlight(async () => {
        busy = gate.busy();
      });
      return busy;
    };

    // Act
    const calm = await busyDuring();
    gate.block(1);
    now += 1_000 + 3_600; // Retry-After over and three slots refilled: more than the reserve
    const afterA429 = await busyDuring();
    const afterA429Idle = gate.busy();
    now += 60_000;
    const calmAgain = await busyDuring();

    // Assess
    expect({ calm, afterA429, afterA429Idle, calmAgain }).toEqual({
      calm: false,
      afterA429: true,
      afterA429Idle: false,
      calmAgain: false,
    });
  });

  it('after a 429, leaves the last slots of the refilling limit to priority calls', () => {
    // Prepare: Slack refused a call and said to retry in 1 s (the bucket is empty then, refilling 50/min).
    let now = 0;
    const gate = createRateGate(() => now);
    gate.block(1);

    // Act
    now = 1_000 + 2_400; // two slots back: only the reserve
    const atReserve = gate.busy();
    now = 1_000 + 3_600; // three slots: one is free for an ordinary call
    const aboveReserve = gate.busy();
    gate.spent();
    const afterSpending = gate.busy();
    now += 60_000; // no 429 for a minute: nothing gives way
    gate.block(0);
    now += 61_000;
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
});
