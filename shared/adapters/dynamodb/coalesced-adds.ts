/**
 * Coalesces concurrent increments of one counter: while a write for a key is in flight, further increments
 * wait in one queued write that adds their sum. A Lambda container serves one request at a time, so there
 * every increment is its own write; a process serving many at once (the local stack under a flood) writes
 * each counter item a handful of times instead of once per request. No increment is dropped: each caller's
 * promise settles with the write that carried it.
 * @example
 * const add = coalescedAdds((key, amount) => updateItemAdd(key, amount));
 * await Promise.all([add('k'), add('k'), add('k')]); // one or two UpdateItems, adding 3 in all
 */
export const coalescedAdds = (
  write: (key: string, amount: number) => Promise<void>,
): ((key: string) => Promise<void>) => {
  const inflight = new Map<string, Promise<void>>();
  const queued = new Map<string, { amount: number; done: Promise<void> }>();
  return (key) => {
    const waiting = queued.get(key);
    if (waiting) {
      waiting.amount += 1;
      return waiting.done;
    }
    const before = inflight.get(key) ?? Promise.resolve();
    const slot = { amount: 1, done: Promise.resolve() };
    slot.done = before
      .catch(() => {})
      .then(async () => {
        queued.delete(key);
        const running = write(key, slot.amount);
        inflight.set(key, running);
        try {
          await running;
        } finally {
          if (inflight.get(key) === running) inflight.delete(key);
        }
      });
    queued.set(key, slot);
    return slot.done;
  };
};
