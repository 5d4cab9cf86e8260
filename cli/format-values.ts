import type { Actor, AuditEntry } from '../shared/audit/audit-entry';
import type { TriggerInfo } from '../shared/events/pipeline-event';

/** `2026-07-01T12:00:03.000Z` → `2026-07-01 12:00:03` (columns say UTC). */
export const utc = (iso: string | undefined): string =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '';

/** 3_725_000 → `1h 02m`; 185_000 → `3m 05s`; 45_000 → `45s`; from two days on `3d 04h`. */
export const duration = (ms: number | undefined): string => {
  if (ms === undefined || Number.isNaN(ms)) return '';
  const seconds = Math.round(Math.abs(ms) / 1000);
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  if (h >= 48) return `${Math.floor(h / 24)}d ${two(h % 24)}h`;
  if (h > 0) return `${h}h ${two(m)}m`;
  if (m > 0) return `${m}m ${two(s)}s`;
  return `${s}s`;
};

/** How far `iso` is from `now`: `in 3h 20m` or `5m 00s ago`. */
export const fromNow = (iso: string, now: Date): string => {
  const delta = Date.parse(iso) - now.getTime();
  return delta >= 0 ? `in ${duration(delta)}` : `${duration(delta)} ago`;
};

/** `Jane Doe <jane@example.com>`, or just the id. */
export const actorName = (actor: Actor | undefined): string => {
  if (!actor) return '';
  return actor.name && actor.name !== actor.id ? `${actor.name} <${actor.id}>` : actor.id;
};

/** `Jane Doe · main · 1a2b3c4` or the trigger type. */
export const triggerText = (trigger: TriggerInfo | undefined): string => {
  if (!trigger) return '';
  const parts = [
    trigger.authorName ?? trigger.authorEmail,
    trigger.branch ?? trigger.tag,
    trigger.commitId?.slice(0, 7),
  ];
  const known = parts.filter((part): part is string => Boolean(part));
  return known.length ? known.join(' · ') : (trigger.type ?? '');
};

/** `Build/CodeBuild`, `Build`, or nothing. */
export const stepName = (stage: string | undefined, action: string | undefined): string =>
  [stage, action].filter(Boolean).join('/');

const TRIED: Record<NonNullable<AuditEntry['decision']>, string> = {
  Approved: 'approve',
  Rejected: 'reject',
};

/**
 * What an audit entry decided, or that it was refused and why: `Approved`, `REFUSED: ALREADY_DECIDED (tried
 * to approve)`. A refusal must never read like the decision it asked for.
 */
export const entryOutcome = (entry: AuditEntry): string => {
  if (entry.outcome === 'refused') {
    const tried = entry.decision ? ` (tried to ${TRIED[entry.decision]})` : '';
    return `REFUSED: ${entry.reason ?? 'no reason recorded'}${tried}`;
  }
  if (entry.outcome === 'error') return `ERROR${entry.reason ? `: ${entry.reason}` : ''}`;
  return [entry.decision, entry.reason].filter(Boolean).join(' ') || entry.outcome;
};
