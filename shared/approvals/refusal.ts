import type { RefusalReason } from '../audit/audit-entry';
import { PipegateError } from '../errors';

/** Why an approval attempt is refused: the code and words the person gets, and the detail on the record. */
export interface Refusal {
  reason: RefusalReason;
  message: string;
  details: Record<string, string>;
}

/** The outcome of a use case that refused: a value the caller answers with, not an exception. */
export interface Refused {
  outcome: 'refused';
  refusal: Refusal;
}

export const refusal = (
  reason: RefusalReason,
  message: string,
  details: Record<string, string> = {},
): Refusal => ({ reason, message, details });

export const refused = (of: Refusal): Refused => ({ outcome: 'refused', refusal: of });

/**
 * The refusal as the error a transport turns into its answer (the link error page and its status, a Slack
 * message): only the edge converts, the use cases return {@link Refused}.
 */
export const refusalError = (of: Refusal): PipegateError =>
  new PipegateError(of.reason, of.message, { details: of.details });
