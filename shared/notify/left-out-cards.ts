/**
 * Cards whose last change this container left out under Slack rate limits (an ordinary update that gave way),
 * so it can show them once they are due. "The next change carries it" fails when the next change is a long
 * step away: a `Build STARTED` left out would wait for the build to end. Per container and bounded (the
 * oldest go first); a container that stops forgets them, and the card then waits for its next change, as
 * every card did before.
 */
export interface LeftOutCards {
  hold(executionId: string, channel: string, atMs: number): void;
  release(executionId: string, channel: string): void;
  /** Held at least `minAgeMs`, oldest first, at most `limit`. */
  due(nowMs: number, minAgeMs: number, limit: number): Array<{ executionId: string; channel: string }>;
}

const MAX_LEFT_OUT = 1_000;

export const createLeftOutCards = (maxHeld = MAX_LEFT_OUT): LeftOutCards => {
  // Insertion order is hold order: a card held again keeps its first time (it has waited since then).
  const held = new Map<string, { executionId: string; channel: string; atMs: number }>();
  const keyOf = (executionId: string, channel: string) => JSON.stringify([executionId, channel]);
  return {
    hold(executionId, channel, atMs) {
      const key = keyOf(executionId, channel);
      if (held.has(key)) return;
      held.set(key, { executionId, channel, atMs });
      for (const oldest of held.keys()) {
        if (held.size <= maxHeld) break;
        held.delete(oldest);
      }
    },
    release(executionId, channel) {
      held.delete(keyOf(executionId, channel));
    },
    due(nowMs, minAgeMs, limit) {
      const due: Array<{ executionId: string; channel: string }> = [];
      for (const entry of held.values()) {
        if (due.length >= limit || nowMs - entry.atMs < minAgeMs) break;
        due.push({ executionId: entry.executionId, channel: entry.channel });
      }
      return due;
    },
  };
};
