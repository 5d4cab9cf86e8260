import type { Actor } from '../audit/audit-entry';

const MAX_SUMMARY = 512;
const CHANNEL_NAME = { slack: 'Slack', email: 'email link' } as const;

/** Names an actor the way a person reads it: `Jane Doe <jane@example.com>`. */
export const actorLabel = (actor: Actor): string => {
  if (actor.name && actor.email) return `${actor.name} <${actor.email}>`;
  return actor.name ?? actor.email ?? actor.id;
};

/**
 * The PutApprovalResult summary (≤ 512 chars, CodePipeline's limit) naming approver, channel and comment,
 * e.g. `Approved by Jane Doe <jane@example.com> via Slack: looks good`.
 */
export const decisionSummary = (
  decision: 'Approved' | 'Rejected',
  actor: Actor,
  channel: 'slack' | 'email',
  comment?: string,
): string => {
  const head = `${decision} by ${actorLabel(actor)} via ${CHANNEL_NAME[channel]}`;
  const text = comment?.trim() ? `${head}: ${comment.trim().replace(/\s+/g, ' ')}` : head;
  return text.length <= MAX_SUMMARY ? text : `${text.slice(0, MAX_SUMMARY - 1)}…`;
};
