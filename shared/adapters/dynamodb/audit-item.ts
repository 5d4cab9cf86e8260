import type { AuditEntry } from '../../audit/audit-entry';
import type { ChainLink } from '../../audit/chain/chain-link';
import { normaliseActorId } from '../../audit/query-params';
import { actorGsiPk, auditDayGsiPk, auditPk, auditSk, dayOf } from './keys';

/** The attributes of an audit item that are derived from its entry (keys, index keys, filter attributes). */
export const derivedAuditAttributes = (entry: AuditEntry): Record<string, string | undefined> => {
  const day = dayOf(entry.at);
  const indexSk = `${entry.at}#${entry.id}`;
  return {
    pk: auditPk(entry.executionId, day),
    sk: auditSk(entry.id),
    kind: 'audit',
    at: entry.at,
    action: entry.action,
    outcome: entry.outcome,
    // Sparse: only entries with someone behind them are in the by-actor index.
    gsi2pk: entry.actor ? actorGsiPk(normaliseActorId(entry.actor.id)) : undefined,
    gsi2sk: entry.actor ? indexSk : undefined,
    gsi4pk: auditDayGsiPk(day),
    gsi4sk: indexSk,
  };
};

/**
 * Names an entry's chain: `<day>` for lane 0 (so the single chain of a day written before lanes is lane 0
 * unchanged), `<day>#<lane>` for the others. The lane rides in `chainDay` because the by-day index, which
 * `audit verify` reads, projects that attribute already: a deployed index's projection cannot be changed.
 */
export const chainName = (link: Pick<ChainLink, 'day' | 'lane'>): string =>
  link.lane ? `${link.day}#${link.lane}` : link.day;

/** The day and lane a stored `chainDay` names; anything else keeps the raw value as the day (a mismatch). */
export const parseChainName = (name: string): { day: string; lane: number } => {
  const match = /^(\d{4}-\d{2}-\d{2})#([1-9]\d{0,3})$/.exec(name);
  return match ? { day: match[1] ?? name, lane: Number(match[2]) } : { day: name, lane: 0 };
};

/** Chain fields as stored on the item (flat, so a tamper test or an operator can read them in the console). */
export const chainAttributes = (link: ChainLink) => ({
  chainDay: chainName(link),
  chainSeq: link.seq,
  chainPrev: link.prevHash,
  chainPrevId: link.prevId,
  chainHash: link.hash,
});

/**
 * The table item of one audit entry: derived keys, the entry as JSON (what readers and the chain hash use)
 * and its chain link.
 */
export const auditItem = (
  entry: AuditEntry,
  entryJson: string,
  link: ChainLink,
  expiresAt: number,
): Record<string, unknown> => ({
  ...derivedAuditAttributes(entry),
  entry: entryJson,
  ...chainAttributes(link),
  expiresAt,
});

/** What differs between an item's derived attributes and the ones its entry implies ('' when none). */
export const derivedMismatch = (item: Record<string, unknown>, entry: AuditEntry): string => {
  const wanted = derivedAuditAttributes(entry);
  const differing = Object.keys(wanted).filter((name) => (item[name] ?? undefined) !== wanted[name]);
  return differing.length ? `item attributes ${differing.join(', ')} do not match the entry` : '';
};
