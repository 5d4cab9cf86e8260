import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import type { ApprovalStore } from '../../../shared/approvals/approval-store';
import { copy, Faults } from './faults';

type Method = keyof ApprovalStore;

/**
 * {@link ApprovalStore} in memory, honouring the port's contract as the DynamoDB adapter does: `create` is
 * conditional on absence, `update` on the stored version being the one read (and moves it on), link nonces are
 * conditional puts and a release only removes the reservation made at `at`.
 */
export class InMemoryApprovalStore implements ApprovalStore {
  readonly faults = new Faults<Method>();
  /** Every update as attempted, in order (what the use case tried to write). */
  readonly saves: ApprovalRecord[] = [];
  private readonly records = new Map<string, ApprovalRecord>();
  private readonly nonces = new Map<string, string>();
  /** Runs once before the next `update` compares versions: how a test makes another writer win a race. */
  private beforeSave: (() => void) | undefined;

  constructor(records: ApprovalRecord[] = []) {
    for (const record of records) this.put(record);
  }

  private static key(executionId: string, approvalId: string): string {
    return `${executionId}#${approvalId}`;
  }

  /** Stores a record as it is (setup, or another writer), bypassing the version check. */
  put(record: ApprovalRecord): void {
    this.records.set(InMemoryApprovalStore.key(record.executionId, record.approvalId), copy(record));
  }

  /** The stored record, for assertions (undefined when absent). */
  stored(executionId: string, approvalId: string): ApprovalRecord | undefined {
    const record = this.records.get(InMemoryApprovalStore.key(executionId, approvalId));
    return record ? copy(record) : undefined;
  }

  /** Another writer changes the record just before our next update lands. */
  interleaveBeforeNextSave(write: () => void): void {
    this.beforeSave = write;
  }

  remove(executionId: string, approvalId: string): void {
    this.records.delete(InMemoryApprovalStore.key(executionId, approvalId));
  }

  usedNonces(): string[] {
    return [...this.nonces.keys()];
  }

  async get(executionId: string, approvalId: string): Promise<ApprovalRecord | undefined> {
    this.faults.check('get');
    return this.stored(executionId, approvalId);
  }

  async listForExecution(executionId: string): Promise<ApprovalRecord[]> {
    this.faults.check('listForExecution');
    return [...this.records.values()].filter((record) => record.executionId === executionId).map(copy);
  }

  async listPending(until: string, limit: number): Promise<ApprovalRecord[]> {
    this.faults.check('listPending');
    return [...this.records.values()]
      .filter((record) => record.status === 'pending' && record.expiresAt <= until)
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))
      .slice(0, limit)
      .map(copy);
  }

  async create(record: ApprovalRecord): Promise<'created' | 'exists'> {
    this.faults.check('create');
    if (this.stored(record.executionId, record.approvalId)) return 'exists';
    this.put(record);
    return 'created';
  }

  async update(record: ApprovalRecord): Promise<ApprovalRecord | 'conflict'> {
    this.faults.check('update');
    const interleaved = this.beforeSave;
    this.beforeSave = undefined;
    interleaved?.();
    this.saves.push(copy(record));
    const current = this.stored(record.executionId, record.approvalId);
    if (!current || current.version !== record.version) return 'conflict';
    const next = { ...copy(record), version: record.version + 1 };
    this.put(next);
    return copy(next);
  }

  async consumeLinkNonce(approvalId: string, nonce: string, at: string): Promise<boolean> {
    this.faults.check('consumeLinkNonce');
    const key = `${approvalId}#${nonce}`;
    if (this.nonces.has(key)) return false;
    this.nonces.set(key, at);
    return true;
  }

  async releaseLinkNonce(approvalId: string, nonce: string, at: string): Promise<void> {
    this.faults.check('releaseLinkNonce');
    const key = `${approvalId}#${nonce}`;
    if (this.nonces.get(key) === at) this.nonces.delete(key);
  }

  async isLinkNonceUsed(approvalId: string, nonce: string): Promise<boolean> {
    this.faults.check('isLinkNonceUsed');
    return this.nonces.has(`${approvalId}#${nonce}`);
  }
}
