/**
 * Slack's published Web API rate limits (https://api.slack.com/apis/rate-limits): limits apply per method
 * per app per workspace, by tier — Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min, "sporadic bursts"
 * tolerated; chat.postMessage is special: about one message per second per channel (short bursts allowed)
 * plus a workspace-wide limit. Slack answers excess with HTTP 429 and `Retry-After` (seconds).
 * The stand-in models each limit as a token bucket: `perMinute` refill, `burst` capacity.
 */
export interface RateRule {
  perMinute: number;
  burst: number;
  /** What the limit is counted per: the whole workspace, or each channel of the call. */
  per: 'workspace' | 'channel';
}

const tier = (perMinute: number, burst: number): RateRule[] => [{ perMinute, burst, per: 'workspace' }];

/** The methods the stand-in implements, at the floor of their published tier. */
export const SLACK_RATE_LIMITS: Readonly<Record<string, RateRule[]>> = {
  'chat.postMessage': [
    { perMinute: 60, burst: 3, per: 'channel' },
    // Slack does not publish the workspace-wide number; Tier 4-like is a conservative stand-in.
    { perMinute: 100, burst: 20, per: 'workspace' },
  ],
  'chat.update': tier(50, 10),
  'chat.postEphemeral': tier(100, 20),
  'views.open': tier(100, 20),
  'users.info': tier(100, 20),
  'usergroups.users.list': tier(20, 5),
  'auth.test': tier(100, 20),
};

export interface RateLimiter {
  /** Takes one call's worth of every bucket it counts against, or says how long to wait (nothing taken). */
  take(method: string, channel: string | undefined): { ok: true } | { ok: false; retryAfterSeconds: number };
}

/**
 * Token buckets per (method, rule, workspace or channel), on an injected clock so a benchmark can run
 * hours of traffic on a virtual clock in minutes.
 * @example
 * const limiter = createRateLimiter(SLACK_RATE_LIMITS, () => clock.now());
 * limiter.take('chat.update', 'C1'); // { ok: true } or { ok: false, retryAfterSeconds: 2 }
 */
export const createRateLimiter = (
  limits: Readonly<Record<string, RateRule[]>>,
  nowMs: () => number,
): RateLimiter => {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (key: string, rule: RateRule, now: number) => {
    const bucket = buckets.get(key) ?? { tokens: rule.burst, at: now };
    const refilled = Math.min(rule.burst, bucket.tokens + ((now - bucket.at) * rule.perMinute) / 60_000);
    return { tokens: refilled, at: now };
  };
  return {
    take(method, channel) {
      const rules = limits[method] ?? [];
      const now = nowMs();
      const keyed = rules.map((rule, index) => ({
        rule,
        key: `${method}#${index}#${rule.per === 'channel' ? (channel ?? '') : 'workspace'}`,
      }));
      const states = keyed.map(({ rule, key }) => ({ rule, key, state: level(key, rule, now) }));
      const short = states.filter(({ state }) => state.tokens < 1);
      if (short.length > 0) {
        const waitMs = Math.max(
          ...short.map(({ rule, state }) => ((1 - state.tokens) * 60_000) / rule.perMinute),
        );
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      }
      for (const { key, state } of states) buckets.set(key, { tokens: state.tokens - 1, at: state.at });
      return { ok: true };
    },
  };
};
