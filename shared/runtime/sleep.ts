/**
 * Waits `ms` milliseconds; with a `signal`, stops waiting (resolves, does not reject) as soon as it aborts,
 * so a loop that sleeps between rounds ends promptly when told to stop. On the global `setTimeout`, so
 * jest's fake timers control it. The one sleep of pipegate: back-offs, rate-limit waits, stand-in latency.
 * @example await sleep(Math.random() * 10 * (attempt + 1)); // jittered back-off
 */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
