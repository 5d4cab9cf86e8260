import type { ExecutionSummary } from './execution-summary';

/**
 * The summaries this process saved last, so the next event of the same execution skips the read. Safe
 * because every save is guarded by the version: a stale entry costs one failed conditional write and a
 * re-read, never a lost update. Bounded in size and age (events of one run come in bursts).
 */
export interface SummaryCache {
  /** A summary saved within `maxAgeMs`: recent enough to apply a new event on. */
  get(executionId: string): ExecutionSummary | undefined;
  /**
   * A summary saved within `proofAgeMs`, to prove a re-delivery already recorded without reading: summaries
   * only move forward, so an event an older save shows (and reacted to) stays recorded. Re-deliveries come
   * seconds to minutes after the original, past the 5 s an entry is fresh; proving them from an old entry
   * costs nothing, while applying a new event on one could cost a refused (billed) write.
   */
  getForProof(executionId: string): ExecutionSummary | undefined;
  set(summary: ExecutionSummary): void;
  delete(executionId: string): void;
}

export const createSummaryCache = (
  options: { maxEntries?: number; maxAgeMs?: number; proofAgeMs?: number; now?: () => number } = {},
): SummaryCache => {
  const maxEntries = options.maxEntries ?? 500;
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  const proofAgeMs = Math.max(maxAgeMs, options.proofAgeMs ?? 10 * 60_000);
  const now = options.now ?? Date.now;
  const entries = new Map<string, { summary: ExecutionSummary; at: number }>();
  const within = (executionId: string, ageMs: number): ExecutionSummary | undefined => {
    const entry = entries.get(executionId);
    if (!entry) return undefined;
    const age = now() - entry.at;
    if (age > proofAgeMs) {
      entries.delete(executionId);
      return undefined;
    }
    return age > ageMs ? undefined : entry.summary;
  };
  return {
    get: (executionId) => within(executionId, maxAgeMs),
    getForProof: (executionId) => within(executionId, proofAgeMs),
    set(summary) {
      entries.delete(summary.executionId);
      entries.set(summary.executionId, { summary, at: now() });
      // Map keeps insertion order: the first key is the least recently saved.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    delete(executionId) {
      entries.delete(executionId);
    },
  };
};
