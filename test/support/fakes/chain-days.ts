import { laneOf } from '../../../shared/audit/chain/chain-lanes';
import { type ChainHead, type ChainLink, nextLink } from '../../../shared/audit/chain/chain-link';
import type { ChainDayReader } from '../../../shared/audit/chain/verify-audit';
import type { StoredChainEntry } from '../../../shared/audit/chain/verify-chain';

export type LinkedEntry = StoredChainEntry & { link: ChainLink };

/**
 * The audit chains of some days in memory, appended as the DynamoDB adapter does (lane = hash of the entry
 * id, each lane's next link from its head; the anchor closes every lane, empty ones too). Tests tamper
 * with `entries` and `heads` directly, as someone with write access to the table would.
 */
export class InMemoryChainDays implements ChainDayReader {
  readonly heads = new Map<string, ChainHead>();
  readonly entries = new Map<string, StoredChainEntry[]>();
  private sequence = 0;

  constructor(private readonly lanes = 8) {}

  /** Appends one entry on `day` (in the lane its id hashes to, or the one given) and returns it. */
  append(day: string, lane?: number): LinkedEntry {
    this.sequence += 1;
    const id = `${day}T10:00:00.000Z#${String(this.sequence).padStart(8, '0')}`;
    const entryJson = JSON.stringify({
      id,
      at: `${day}T10:00:00.000Z`,
      action: 'approval.attempt',
      outcome: 'ok',
    });
    const chosen = lane ?? laneOf(id, this.lanes);
    const key = `${day}#${chosen}`;
    const head = this.heads.get(key);
    const link = nextLink(day, chosen, head, entryJson);
    this.heads.set(key, { day, lane: chosen, lanes: this.lanes, seq: link.seq, hash: link.hash, lastId: id });
    const entry = { id, entryJson, link };
    this.entries.set(day, [...(this.entries.get(day) ?? []), entry]);
    return entry;
  }

  /** Closes the day: every lane's head gets `anchoredAt`, an empty lane an empty anchor. */
  anchor(day: string, at = `${day}T23:59:59.999Z`): void {
    for (let lane = 0; lane < this.lanes; lane += 1) {
      const key = `${day}#${lane}`;
      const head = this.heads.get(key) ?? { day, lane, lanes: this.lanes, seq: 0, hash: '', lastId: '' };
      this.heads.set(key, { ...head, anchoredAt: at });
    }
  }

  /** The entries of one lane of a day, in chain order. */
  lane(day: string, lane: number): LinkedEntry[] {
    return (this.entries.get(day) ?? [])
      .filter((entry): entry is LinkedEntry => entry.link?.lane === lane)
      .sort((a, b) => a.link.seq - b.link.seq);
  }

  /** Removes an entry from the table, as a DeleteItem would. */
  remove(day: string, id: string): void {
    this.entries.set(
      day,
      (this.entries.get(day) ?? []).filter((entry) => entry.id !== id),
    );
  }

  async day(day: string) {
    const heads = [...this.heads.values()].filter((head) => head.day === day).map((head) => ({ ...head }));
    const entries = (this.entries.get(day) ?? []).map((entry) => ({
      ...entry,
      ...(entry.link ? { link: { ...entry.link } } : {}),
    }));
    return { heads, entries };
  }
}
