import { createRateGate } from '../../../shared/adapters/slack/rate-gate';

describe('rate gate: what one 429 said, for every call of this process', () => {
  it('is busy until the Retry-After passes, and says how long', () => {
    // Prepare
    let now = 1_000;
    const gate = createRateGate(() => now);

    // Act
    gate.block(2);
    const during = { busy: gate.busy(), ms: gate.blockedForMs() };
    now += 2_000;

    // Assess
    expect(during).toEqual({ busy: true, ms: 2_000 });
    expect(gate.busy()).toBe(false);
    expect(gate.blockedForMs()).toBe(0);
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
    now += 1_000;
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
});
