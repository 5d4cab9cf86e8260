import type { AuditEntry, AuditTrail, UnauthenticatedRoute } from '../../../shared/audit/audit-entry';
import { copy, Faults } from './faults';

/**
 * The append-only {@link AuditTrail} in memory. As the DynamoDB adapter, an entry with a `dedupeKey` (and a
 * fixed `at`) is appended once: a retried step finds it on record.
 */
export class InMemoryAuditTrail implements AuditTrail {
  readonly faults = new Faults<keyof AuditTrail>();
  readonly entries: AuditEntry[] = [];
  readonly unauthenticated: { route: UnauthenticatedRoute; why: string; at?: string }[] = [];
  private sequence = 0;

  /** `now` stamps entries that carry no `at` of their own, as the adapter's clock does. */
  constructor(private readonly now: () => Date = () => new Date('2026-09-01T12:00:00.000Z')) {}

  async append(
    entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string; dedupeKey?: string },
  ): Promise<AuditEntry> {
    this.faults.check('append');
    const { dedupeKey, ...rest } = entry;
    const at = rest.at ?? this.now().toISOString();
    this.sequence += 1;
    const id = dedupeKey ? `${at}#${dedupeKey}` : `${at}#${String(this.sequence).padStart(6, '0')}`;
    const existing = this.entries.find((stored) => stored.id === id);
    if (existing) return copy(existing);
    const stored: AuditEntry = { ...copy(rest), id, at };
    this.entries.push(stored);
    return copy(stored);
  }

  async countUnauthenticated(request: { route: UnauthenticatedRoute; why: string; at?: string }) {
    this.faults.check('countUnauthenticated');
    this.unauthenticated.push({ ...request });
  }

  /** The entries of one action, e.g. `approval.refused`. */
  of(action: AuditEntry['action']): AuditEntry[] {
    return this.entries.filter((entry) => entry.action === action);
  }

  /** The reasons of the refusals on record, in order. */
  refusals(): (string | undefined)[] {
    return this.of('approval.refused').map((entry) => entry.reason);
  }
}
