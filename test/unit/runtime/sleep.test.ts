import { sleep } from '../../../shared/runtime/sleep';

/** Whether a promise has settled by now (after pending microtasks). */
const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

describe('sleep', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits the given time, no less', async () => {
    // Prepare
    const waiting = sleep(1_000);

    // Act
    jest.advanceTimersByTime(999);
    const early = await settled(waiting);
    jest.advanceTimersByTime(1);

    // Assess
    expect(early).toBe(false);
    expect(await settled(waiting)).toBe(true);
  });

  it('stops waiting as soon as its signal aborts', async () => {
    // Prepare
    const abort = new AbortController();
    const waiting = sleep(60_000, abort.signal);

    // Act
    abort.abort();

    // Assess
    expect(await settled(waiting)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not wait at all when the signal has already aborted', async () => {
    // Prepare
    const abort = new AbortController();
    abort.abort();

    // Act
    const waiting = sleep(60_000, abort.signal);

    // Assess
    expect(await settled(waiting)).toBe(true);
  });
});
