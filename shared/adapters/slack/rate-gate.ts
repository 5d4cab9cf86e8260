import { CARD_DUE_MS } from '../../delivery/card-key';

/**
 * What Slack told this process about one workspace-wide limit (chat.update, Tier 3): back off until the
 * Retry-After it gave, and whether a priority call is waiting for the next slot. Per process: each
 * container learns from its own 429s; Slack stays the one that enforces the limit.
 */
export interface RateGate {
  /** Milliseconds until Slack said it would take calls again (0: now). */
  blockedForMs(): number;
  /**
   * Milliseconds until the next slot: Slack's Retry-After, or while under pressure until this process
   * expects the refilling limit to have one slot (so a waiting priority call does not spend a call on a 429).
   */
  msUntilSlot(): number;
  block(retryAfterSeconds: number): void;
  /**
   * Backing off, or a priority call is waiting — or, while Slack refused calls lately, the slots this
   * process expects to have left, less those of priority calls in flight, are the reserve: an ordinary call
   * now would only take a priority one's slot. With no recent 429 nothing gives way.
   * `sinceShownMs` (how long ago this process last changed the card) makes a card shown lately wait for a
   * fuller bucket, so the slots go to cards that have waited longest (see {@link slotsNeeded}).
   */
  busy(sinceShownMs?: number): boolean;
  /** Slack took a call: one slot fewer until the limit refills it. */
  spent(): void;
  /** Runs a call that passed the gate: until Slack answers it counts as taking a slot. */
  inFlight<T>(run: () => Promise<T>): Promise<T>;
  /** Is a priority call waiting for a slot (a new one then queues behind it)? */
  priorityWaiting(): boolean;
  /**
   * Runs a priority call that waits for a slot, after the ones already waiting (first come, first served):
   * before, every waiting call woke at the same Retry-After and raced for one slot, and the unlucky ones lost
   * again and again until their time ran out.
   */
  priority<T>(run: () => Promise<T>): Promise<T>;
}

/**
 * How long after a 429 the limit counts as under pressure (the refill is counted and the reserve kept).
 * Five minutes, not one: with the count keeping the bucket from running dry, 429s grow rare, and a one-minute
 * window lapsed between them; every card then raced for slots again until the next 429 (scale bench, 4
 * stages: 143 chat.update 429s with one minute, 39 with five). Under light load the count says the bucket is
 * full, so nothing gives way however long the window.
 */
export const PRESSURE_MS = 300_000;

/**
 * Slack's published floor for Tier 3 (chat.update): 50 calls a minute per workspace, with short bursts.
 * After a 429 the bucket holds one slot when Retry-After ends; from then this process counts it refilling and
 * its own calls, and leaves the last RESERVE slots to priority updates. Before, ordinary updates took every
 * slot the moment Retry-After ended, so a failure or final state arriving then met a 429 and waited behind
 * the next refill (the scale bench's slowest priority updates). Other containers' calls are not seen: the
 * count is an optimistic estimate, and Slack's 429 stays the authority.
 */
const REFILL_PER_MS = 50 / 60_000;
const BURST = 10;
const RESERVE = 2;
/** Each this much younger, it needs one more slot free: a card just shown goes only when the bucket is nearly full. */
const YOUNGER_STEP_MS = 8_000;

/**
 * The slots an ordinary update needs the bucket to hold, by how long ago its card last changed. Before, the
 * next change to arrive took any free slot: with ~3 changes for every slot (4-stage runs at a thousand
 * pipelines), which card got one was chance, and a card could go a whole run without an intermediate
 * update (the scale bench's 75 s p99) while another was updated twice in 10 s. Now a slot goes to a card
 * that has waited, and a young card's change still goes when nobody older wants the slot (the bucket fills).
 */
export const slotsNeeded = (sinceShownMs: number | undefined): number => {
  if (sinceShownMs === undefined || sinceShownMs >= CARD_DUE_MS) return RESERVE + 1;
  return RESERVE + 1 + Math.ceil((CARD_DUE_MS - sinceShownMs) / YOUNGER_STEP_MS);
};

export const createRateGate = (nowMs: () => number = Date.now): RateGate => {
  let until = 0;
  let limitedAt = Number.NEGATIVE_INFINITY;
  let waiting = 0;
  let flying = 0;
  // Slots this process expects Slack to have, as of `slotsAt` (only meaningful under pressure).
  let slots = BURST;
  let slotsAt = 0;
  const slotsNow = (at: number) => Math.min(BURST, slots + Math.max(0, at - slotsAt) * REFILL_PER_MS);
  const underPressure = (at: number) => at - limitedAt < PRESSURE_MS;
  let line: Promise<unknown> = Promise.resolve();
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
    msUntilSlot: () => {
      const at = nowMs();
      const blocked = Math.max(0, until - at);
      if (!underPressure(at)) return blocked;
      const missing = 1 - slotsNow(Math.max(at, until));
      return blocked + (missing > 0 ? Math.ceil(missing / REFILL_PER_MS) : 0);
    },
    priorityWaiting: () => waiting > 0,
    block(retryAfterSeconds) {
      limitedAt = nowMs();
      until = Math.max(until, limitedAt + Math.max(1, retryAfterSeconds) * 1000);
      // Slack frees the next slot when Retry-After ends: one slot then, none before.
      slots = 1;
      slotsAt = until;
    },
    busy: (sinceShownMs) => {
      const at = nowMs();
      if (waiting > 0 || until > at) return true;
      // A call in flight takes a slot when Slack answers: count it as taken. Before, any priority call in
      // flight made every ordinary update give way; with the pressure window open for minutes that refused a
      // fifth of them, and some cards got no update for a whole run though slots were free.
      return underPressure(at) && slotsNow(at) - flying < slotsNeeded(sinceShownMs);
    },
    spent() {
      const at = nowMs();
      slots = slotsNow(at) - 1;
      slotsAt = Math.max(at, slotsAt);
    },
    inFlight: (run) =>
      counted(run, (n) => {
        flying += n;
      }),
    priority: (run) =>
      counted(
        () => {
          const turn = line.then(run);
          line = turn.catch(() => undefined);
          return turn;
        },
        (n) => {
          waiting += n;
        },
      ),
  };
};
