import { Logger } from '@aws-lambda-powertools/logger';

type Outcome = 'new' | 'stale' | 'duplicate';

export interface OutcomeCounts {
  new: number;
  stale: number;
  duplicate: number;
  /** Stale events by `level state` (first seen, kept in history, but older than what the summary shows). */
  staleByKind: Record<string, number>;
  /** Other info lines by message, e.g. `replaying reactions an earlier delivery did not finish`. */
  info: Record<string, number>;
  /** Warnings and errors the functions logged, by message. */
  warnings: Record<string, number>;
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * Bench-only spy on the functions' structured log: every recorded event is logged once as `event recorded`
 * with its outcome, which is exactly what the notification reaction acts on (`new` only). Patched on the
 * Powertools Logger prototype (the level check happens after, so POWERTOOLS_LOG_LEVEL=SILENT still prints
 * nothing). Install before importing the functions.
 * @example
 * const outcomes = countIngestOutcomes();
 * outcomes.snapshot().new;
 */
export const countIngestOutcomes = () => {
  let counts: OutcomeCounts = { new: 0, stale: 0, duplicate: 0, staleByKind: {}, info: {}, warnings: {} };
  const prototype = Logger.prototype;
  const { info, warn, error } = prototype;
  prototype.info = function spiedInfo(this: Logger, ...args: Parameters<Logger['info']>) {
    const [message, attributes] = args;
    if (message === 'event recorded' && typeof attributes === 'object' && attributes !== null) {
      const fields = attributes as { outcome?: Outcome; eventLevel?: string; state?: string };
      if (fields.outcome && fields.outcome in counts) counts[fields.outcome] += 1;
      if (fields.outcome === 'stale') bump(counts.staleByKind, `${fields.eventLevel} ${fields.state}`);
    } else {
      bump(counts.info, String(message));
    }
    info.apply(this, args);
  };
  prototype.warn = function spiedWarn(this: Logger, ...args: Parameters<Logger['warn']>) {
    bump(counts.warnings, `warn: ${String(args[0])}`);
    warn.apply(this, args);
  };
  prototype.error = function spiedError(this: Logger, ...args: Parameters<Logger['error']>) {
    bump(counts.warnings, `error: ${String(args[0])}`);
    error.apply(this, args);
  };
  return {
    snapshot: (): OutcomeCounts => structuredClone(counts),
    reset: (): void => {
      counts = { new: 0, stale: 0, duplicate: 0, staleByKind: {}, info: {}, warnings: {} };
    },
  };
};
