import type { ExecutionSummary } from './execution-summary';

/**
 * The summaries this process saved last, so the next event of the same execution skips the read. Safe
 * because every save is guarded by the version: a stale entry costs one failed conditional write and a
 * re-read, never a lost update. Bounded in size and age (events of one run come in bursts).
 */
export interface SummaryCache {
  get(executionId: string): ExecutionSummary | undefined;
  set(summary: ExecutionSummary): void;
  delete(executionId: string): void;
}

export const createSummaryCache = (
  options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {},
): SummaryCache => {
  const maxEntries = options.maxEntries ?? 500;
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { summary: ExecutionSummary; at: number }>();
  return {
    get(executionId) {
      const entry = entries.get(executionId);
      if (!entry) return undefined;
      if (now() - entry.at > maxAgeMs) {
        entries.delete(executionId);
        return undefined;
      }
      return entry.summary;
    },
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
