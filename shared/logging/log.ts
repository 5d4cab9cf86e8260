import { Logger } from '@aws-lambda-powertools/logger';

/** The logging port the domain uses. Never pass secrets, tokens or full links as attributes. */
export interface Log {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** A {@link Log} with the Powertools Logger behind it, for a composition root's `injectLambdaContext`. */
export type LambdaLog = Log & { readonly logger: Logger };

/**
 * Structured JSON logs through Powertools Logger (level from POWERTOOLS_LOG_LEVEL). A function's handler
 * adds `injectLambdaContext(log.logger)` so every line carries the request id, function name and cold start.
 */
export const createLog = (serviceName = 'pipegate'): LambdaLog => {
  const logger = new Logger({ serviceName });
  return {
    logger,
    debug: (message, attributes = {}) => logger.debug(message, attributes),
    info: (message, attributes = {}) => logger.info(message, attributes),
    warn: (message, attributes = {}) => logger.warn(message, attributes),
    error: (message, attributes = {}) => logger.error(message, attributes),
  };
};

/** A log that drops everything, for benchmarks and tests that assert on behaviour, not on logs. */
export const silentLog: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * Error details safe to log: name, code, message and stack trace (the cause's too), so a failure can be
 * traced to its line — never the request or response an SDK error carries, which may hold secrets.
 * @example log.error('decision failed', { approvalId, ...describeError(error) });
 */
export const describeError = (error: unknown): Record<string, unknown> => {
  if (!(error instanceof Error)) return { errorMessage: String(error) };
  const { code, $metadata } = error as { code?: unknown; $metadata?: { httpStatusCode?: number } };
  const cause =
    error.cause instanceof Error
      ? { causeName: error.cause.name, causeMessage: error.cause.message, causeStack: error.cause.stack }
      : {};
  return {
    errorName: error.name,
    errorMessage: error.message,
    code,
    httpStatus: $metadata?.httpStatusCode,
    errorStack: error.stack,
    ...cause,
  };
};
