/**
 * What Slack told this process about one workspace-wide limit (chat.update, Tier 3): back off until the
 * Retry-After it gave, and whether a priority call is waiting for the next slot. Per process: each
 * container learns from its own 429s; Slack stays the one that enforces the limit.
 */
export interface RateGate {
  /** Milliseconds until Slack said it would take calls again (0: now). */
  blockedForMs(): number;
  block(retryAfterSeconds: number): void;
  /** Backing off, or a priority call is waiting: an ordinary call now would only take its slot. */
  busy(): boolean;
  /** Runs a priority call, counted as waiting while it runs. */
  priority<T>(run: () => Promise<T>): Promise<T>;
}

export const createRateGate = (nowMs: () => number = Date.now): RateGate => {
  let until = 0;
  let waiting = 0;
  return {
    blockedForMs: () => Math.max(0, until - nowMs()),
    block(retryAfterSeconds) {
      until = Math.max(until, nowMs() + Math.max(1, retryAfterSeconds) * 1000);
    },
    busy: () => waiting > 0 || until > nowMs(),
    async priority(run) {
      waiting += 1;
      try {
        return await run();
      } finally {
        waiting -= 1;
      }
    },
  };
};
