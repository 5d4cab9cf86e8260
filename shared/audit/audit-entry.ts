import type { PipegateErrorCode } from '../errors';

/** Who did something: keyed by email when known (so Slack and email decisions of one person line up). */
export interface Actor {
  /** Stable identity used for the by-actor index: lower-cased email, else `slack:<userId>`. */
  id: string;
  name?: string;
  email?: string;
  slackUserId?: string;
}

export type AuditAction =
  | 'approval.requested'
  | 'approval.attempt'
  | 'approval.decided'
  /** One approver's vote towards a `required: N` quorum (the vote that reaches it too). */
  | 'approval.vote'
  | 'approval.refused'
  | 'approval.completed-outside'
  | 'approval.reconciled'
  | 'approval.expired'
  | 'approval.reminder'
  | 'approval.break-glass'
  | 'execution.stuck'
  | 'execution.reconciled';

export type AuditChannel = 'slack' | 'email' | 'console' | 'system';

/** Reasons a refused attempt is refused; they double as error codes shown to users. */
export type RefusalReason = Extract<
  PipegateErrorCode,
  | 'BAD_SIGNATURE'
  | 'LINK_EXPIRED'
  | 'LINK_USED'
  | 'NOT_ALLOWED'
  | 'SELF_APPROVAL'
  | 'COMMENT_REQUIRED'
  | 'FROZEN'
  | 'REASON_REQUIRED'
  | 'ALREADY_DECIDED'
  | 'ALREADY_VOTED'
  | 'APPROVAL_NOT_ACTIVE'
  | 'ACCOUNT_NOT_CONFIGURED'
  | 'NOT_FOUND'
>;

/** One append-only audit record. Never updated in place. */
export interface AuditEntry {
  /** Unique and time-ordered: `<ISO time>#<random>`. */
  id: string;
  at: string;
  action: AuditAction;
  outcome: 'ok' | 'refused' | 'error';
  reason?: RefusalReason | string;
  actor?: Actor;
  channel?: AuditChannel;
  pipeline?: string;
  executionId?: string;
  stage?: string;
  actionName?: string;
  approvalId?: string;
  decision?: 'Approved' | 'Rejected';
  comment?: string;
  /** Extra context, never secrets, tokens or full links. */
  details?: Record<string, string>;
}

/** Routes that refuse requests failing authentication (nobody known behind them). */
export type UnauthenticatedRoute = 'slack-interactions' | 'approval-link';

/** Port: the append-only audit trail. */
export interface AuditTrail {
  /**
   * Appends one entry. With `dedupeKey` (and a fixed `at`) the entry's id is deterministic, so a retried
   * step (an at-least-once decider) appends it once; the key itself is not stored.
   */
  append(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string; dedupeKey?: string }): Promise<AuditEntry>;
  /**
   * Counts a request that failed authentication (bad Slack signature, forged link). Strangers can send any
   * number of these, so they are not entries: one counter per route per minute, short-lived. Every refusal
   * of an authenticated person is still a full entry through {@link AuditTrail.append}.
   */
  countUnauthenticated(request: { route: UnauthenticatedRoute; why: string; at?: string }): Promise<void>;
}
