/**
 * The one error family of pipegate. Adapters translate SDK and Slack failures into these codes so that the
 * domain and the HTTP error mapper only ever see a closed set of causes.
 */
export type PipegateErrorCode =
  | 'INVALID_EVENT'
  | 'INVALID_CONFIG'
  | 'INVALID_REQUEST'
  | 'BAD_SIGNATURE'
  | 'LINK_EXPIRED'
  | 'LINK_USED'
  | 'NOT_ALLOWED'
  | 'SELF_APPROVAL'
  | 'COMMENT_REQUIRED'
  /** A change freeze holds the approval: approve is refused, reject still works. */
  | 'FROZEN'
  /** Breaking a freeze (break-glass) needs a reason. */
  | 'REASON_REQUIRED'
  | 'NOT_FOUND'
  | 'ALREADY_DECIDED'
  /** The person's vote already counts towards this approval's quorum (Slack and email are one person). */
  | 'ALREADY_VOTED'
  | 'APPROVAL_NOT_ACTIVE'
  /** The pipeline is in an account (or region) pipegate is not set up to act in: see `accounts:`. */
  | 'ACCOUNT_NOT_CONFIGURED'
  | 'CONFLICT'
  | 'TRANSIENT'
  | 'RATE_LIMITED'
  | 'PERMANENT_DELIVERY'
  /** A table item did not match its record's schema (corrupt, foreign, or written by an incompatible version). */
  | 'INVALID_RECORD'
  | 'INTERNAL';

/** Base error with a stable `code` and the original failure as `cause`. */
export class PipegateError extends Error {
  readonly code: PipegateErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: PipegateErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: options.cause });
    // Explicit name: constructor.name does not survive minification.
    this.name = 'PipegateError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True when retrying the same work later may succeed (SQS redelivery, Lambda retry). */
export const isTransient = (error: unknown): boolean =>
  error instanceof PipegateError ? error.code === 'TRANSIENT' || error.code === 'RATE_LIMITED' : true;

/** Wraps a foreign error once; our own errors pass through unchanged. */
export const toPipegateError = (
  error: unknown,
  fallback: PipegateErrorCode,
  message: string,
): PipegateError =>
  error instanceof PipegateError
    ? error
    : new PipegateError(fallback, message, {
        cause: error instanceof Error ? error : new Error(String(error)),
      });
