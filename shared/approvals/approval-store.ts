import type { ApprovalRecord } from './approval-record';

/** Port: approval records (single-item conditional writes; the version guards every change). */
export interface ApprovalStore {
  get(executionId: string, approvalId: string): Promise<ApprovalRecord | undefined>;
  listForExecution(executionId: string): Promise<ApprovalRecord[]>;
  /** Pending approvals expiring before `until` (ISO), soonest first, from the sparse PENDING index. */
  listPending(until: string, limit: number): Promise<ApprovalRecord[]>;
  /** Creates the record once; 'exists' when this approval was already requested. */
  create(record: ApprovalRecord): Promise<'created' | 'exists'>;
  /**
   * Stores `record` — as it was read, with the caller's changes — if nobody wrote it since: the stored one is
   * still at `record.version`. The store moves the version on; it returns the record as stored (at the next
   * version), or 'conflict' when another write came first.
   */
  update(record: ApprovalRecord): Promise<ApprovalRecord | 'conflict'>;
  /** Marks a link nonce used; false when it was used before (replay). */
  consumeLinkNonce(approvalId: string, nonce: string, at: string): Promise<boolean>;
  /**
   * Gives a reserved nonce back when no decision came of the attempt; only the reservation made at `at` is
   * removed, so a later use of the link is never undone.
   */
  releaseLinkNonce(approvalId: string, nonce: string, at: string): Promise<void>;
  /** Read-only: has this link nonce been used? (GET pages must not change state.) */
  isLinkNonceUsed(approvalId: string, nonce: string): Promise<boolean>;
}
