import { describeError, type Log } from '../logging/log';

/**
 * Writes one event's reactions hold back because the summary save that follows them makes them redundant
 * (a delivery's `sent` mark: a later copy of the event finds the saved summary and never looks at the mark).
 * They are written only when the event fails before a summary showing it is saved. Each is named, so a
 * second run of the reactions (after a lost version race) sees what the first run already did.
 */
export interface HeldWrites {
  /** Was `id` held earlier while this event was recorded? */
  has(id: string): boolean;
  /** Holds `write` until the event's summary is saved; written instead if it is not. */
  hold(id: string, write: () => Promise<void>): void;
  /**
   * Runs `effect` only once this delivery's own save records the event: not when the save fails, nor when a
   * concurrent copy won the race (that copy runs its own). For effects nothing dedupes, such as metrics.
   */
  onSaved(id: string, effect: () => void): void;
}

export interface HeldWritesScope extends HeldWrites {
  /**
   * Writes everything held, one at a time, each failure logged and passed over: this runs while another
   * error is on its way to the transport, and that error is the one to retry on. A write that fails leaves
   * its mark as it was (`sending`): see deliverOnce for what a redelivery does with it.
   */
  writeAll(log: Log): Promise<void>;
  /** Runs the effects waiting for the save (see onSaved), each failure logged and passed over. */
  runSaved(log: Log): void;
}

/**
 * The held writes of one event (created per event by the ingest, so bounded by what one event's reactions
 * send: one per routed target). Dropped with the scope once the summary is saved.
 * @example
 * const held = createHeldWrites();
 * held.hold('exec/sns:oncall/key', () => store.finishDelivery(…, { state: 'sent', ref }));
 */
export const createHeldWrites = (): HeldWritesScope => {
  const held = new Map<string, () => Promise<void>>();
  const effects = new Map<string, () => void>();
  return {
    has: (id) => held.has(id),
    hold: (id, write) => {
      held.set(id, write);
    },
    onSaved: (id, effect) => {
      effects.set(id, effect);
    },
    runSaved(log) {
      for (const [id, effect] of effects) {
        try {
          effect();
        } catch (error) {
          log.error('an effect after the save failed', { id, ...describeError(error) });
        }
      }
      effects.clear();
    },
    async writeAll(log) {
      for (const [id, write] of held) {
        try {
          await write();
          held.delete(id);
        } catch (error) {
          log.error('a held delivery mark could not be written; it stays `sending` (never re-sent)', {
            id,
            ...describeError(error),
          });
        }
      }
    },
  };
};
