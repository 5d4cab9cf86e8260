import type { Actor, AuditEntry } from '../shared/audit/audit-entry';
import type { TriggerInfo } from '../shared/events/pipeline-event';
import { formatDuration } from '../shared/present/text/format';

/** `2026-07-01T12:00:03.000Z` → `2026-07-01 12:00:03` (columns say UTC). */
export const utc = (iso: string | undefined): string =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '';

/**
 * A duration the way Slack, email and the web page show it (one rule, `formatDuration`): 185_000 → `3m 05s`;
 * a negative one (a time in the past) by its size; unknown → empty.
 */
export const duration = (ms: number | undefined): string =>
  ms === undefined || Number.isNaN(ms) ? '' : formatDuration(Math.abs(ms));

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
