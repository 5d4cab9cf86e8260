/** A clock the test moves by hand: every use case takes `now`, so no test reads the real time. */
export interface FakeClock {
  now: () => Date;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  set(iso: string): void;
}

export const fakeClock = (start = '2026-09-01T12:00:00.000Z'): FakeClock => {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (iso) => {
      current = new Date(iso).getTime();
    },
  };
};

/** A `sleep`/`wait` that returns at once and remembers what it was asked to wait. */
export const recordingSleep = (): { sleep: (ms: number) => Promise<void>; waited: number[] } => {
  const waited: number[] = [];
  return {
    waited,
    sleep: async (ms) => {
      waited.push(ms);
    },
  };
};
