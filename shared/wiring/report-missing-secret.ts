import type { PipegateError } from '../errors';
import type { Log } from '../logging/log';

/**
 * The one error line for a secret the deploy lacks: which parameter, which variable names it, what is
 * skipped meanwhile, and what to do. Never the value (the error carries none).
 * @example reportMissingSecret(log, error, 'events are recorded but not notified');
 */
export const reportMissingSecret = (log: Log, error: PipegateError, skipped: string): void => {
  log.error(`${error.message}: ${skipped} until it exists — create it (README "Deploy to AWS")`, {
    parameter: error.details.parameter,
    variable: error.details.variable,
    ...(error.cause instanceof Error ? { causeMessage: error.cause.message } : {}),
  });
};
