import type { HeldWrites } from './held-writes';
import type { Recorded } from './record-event';

/**
 * Something that reacts to a recorded event (notifications, approvals, metrics). It must be idempotent per
 * semantic event (it may be replayed after a crash) and throw only for transient faults. Defined with the
 * history it reacts to, so the reactions need not depend on the ingest that runs them. `held` takes writes
 * the summary save after the reactions makes redundant (see {@link HeldWrites}); absent, write them at once.
 */
export type Reaction = (outcome: Recorded, held?: HeldWrites) => Promise<void>;
