/**
 * When this process last changed each keyed message on Slack (posted or updated it), so that under rate
 * limits a card shown seconds ago gives its slot to one that has waited longer. Bounded: the oldest entries
 * go first, and a card it forgot (or another container changed) counts as waiting long, which only makes its
 * next update more eager.
 */
export interface ShownMessages {
  shown(key: string, atMs: number): void;
  /** Milliseconds since this process last changed the message, undefined when it does not know. */
  sinceShownMs(key: string, nowMs: number): number | undefined;
}

/**
 * Cards only (see isCardKey). A thousand pipelines keep about 25 cards changing at once, so this
 * remembers hours of them; each entry is a key and a number.
 */
const MAX_ENTRIES = 5_000;

export const createShownMessages = (maxEntries = MAX_ENTRIES): ShownMessages => {
  // A Map iterates in insertion order: re-inserting on every change keeps the least recent first.
  const lastShown = new Map<string, number>();
  return {
    shown(key, atMs) {
      lastShown.delete(key);
      lastShown.set(key, atMs);
      for (const oldest of lastShown.keys()) {
        if (lastShown.size <= maxEntries) break;
        lastShown.delete(oldest);
      }
    },
    sinceShownMs(key, nowMs) {
      const at = lastShown.get(key);
      return at === undefined ? undefined : Math.max(0, nowMs - at);
    },
  };
};
