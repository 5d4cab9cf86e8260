/**
 * What Slack told this process about one workspace-wide limit (chat.update, Tier 3): back off until the
 * Retry-After it gave, and whether a priority call is waiting for the next slot. Per process: each
 * container learns from its own 429s; Slack stays the one that enforces the limit.
 */
export interface RateGate {
  /** Milliseconds until Slack said it would take calls again (0: now). */
  blockedForMs(): number;
  block(retryAfterSeconds: number): void;
  /**
   * Backing off, or a priority call is waiting — or, while Slack refused calls lately, one is in flight:
   * an ordinary call now would only take its slot. With no recent 429 nothing gives way.
   */
  busy(): boolean;
  /** Runs a priority call's first attempt (gives way only under recent pressure). */
  inFlight<T>(run: () => Promise<T>): Promise<T>;
  /** Runs a priority call that Slack refused and that now waits for a slot. */
  priority<T>(run: () => Promise<T>): Promise<T>;
}

/** How long after a 429 the limit counts as under pressure. */
const PRESSURE_MS = 60_000;

export const createRateGate = (nowMs: () => number = Date.now): RateGate => {
  let until = 0;
  let limitedAt = Number.NEGATIVE_INFINITY;
  let waiting = 0;
  let flying = 0;
  const counted = async <T>(run: () => Promise<T>, add: (n: number) => void): Promise<T> => {
    add(1);
    try {
      return await run();
    } finally {
      add(-1);
    }
  };
  return {
    blockedForMs: () => Math.max(0, until - nowMs()),
    block(retryAfterSeconds) {
      limitedAt = nowMs();
      until = Math.max(until, limitedAt + Math.max(1, retryAfterSeconds) * 1000);
    },
    busy: () => waiting > 0 || until > nowMs() || (flying > 0 && nowMs() - limitedAt < PRESSURE_MS),
    inFlight: (run) =>
      counted(run, (n) => {
        flying += n;
      }),
    priority: (run) =>
      counted(run, (n) => {
        waiting += n;
      }),
  };
};
