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

const QUOTE_OVERHEAD = 5; // ` ("")` around a comment
const MIN_COMMENT = 12; // shorter than this, a cut comment says nothing: leave comments out

/**
 * The summary of a quorum decision: every approver named, with channel and comment, within CodePipeline's
 * 512 characters — comments are shortened evenly first, names are cut only when they alone are too long.
 * @example
 * quorumSummary(votes); // 'Approved by 2: Jane Doe <jane@example.com> via Slack ("ship it"); Sam Lee <sam@example.com> via email link'
 */
export const quorumSummary = (
  votes: readonly { by: Actor; channel: 'slack' | 'email'; comment?: string }[],
): string => {
  const head = `Approved by ${votes.length}: `;
  const names = votes.map((vote) => `${actorLabel(vote.by)} via ${CHANNEL_NAME[vote.channel]}`);
  const comments = votes.map((vote) => vote.comment?.trim().replace(/\s+/g, ' ') ?? '');
  const join = (cap: number): string =>
    head +
    names
      .map((name, index) => {
        const comment = comments[index] ?? '';
        if (comment === '' || cap < MIN_COMMENT) return name;
        const cut = comment.length <= cap ? comment : `${comment.slice(0, cap - 1)}…`;
        return `${name} ("${cut}")`;
      })
      .join('; ');
  const full = join(Number.POSITIVE_INFINITY);
  if (full.length <= MAX_SUMMARY) return full;
  const bare = join(0);
  const commented = comments.filter((comment) => comment !== '').length;
  const cap = Math.floor((MAX_SUMMARY - bare.length - commented * QUOTE_OVERHEAD) / Math.max(commented, 1));
  const fitted = join(cap);
  if (fitted.length <= MAX_SUMMARY) return fitted;
  return bare.length <= MAX_SUMMARY ? bare : `${bare.slice(0, MAX_SUMMARY - 1)}…`;
};
