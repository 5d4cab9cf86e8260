import type { ApprovalRecord } from '../../approvals/approval-record';
import type { Actor } from '../../audit/audit-entry';

/** Where a quorum stands: who approved so far, of how many needed. Undefined for a one-person approval. */
export interface QuorumProgress {
  counted: number;
  required: number;
  approvers: Actor[];
}

/** The progress of an approval that needs several approvers (`required` > 1), else undefined. */
export const quorumProgress = (
  approval: Pick<ApprovalRecord, 'required' | 'votes'>,
): QuorumProgress | undefined => {
  const required = approval.required ?? 1;
  if (required <= 1) return undefined;
  const approvers = (approval.votes ?? []).map((vote) => vote.by);
  return { counted: approvers.length, required, approvers };
};

const listed = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

const waitingFor = (left: number): string => (left === 1 ? 'one more' : `${left} more`);

/** `1 of 2 — approved by Sam Lee · waiting for one more`, naming people with `name` (escaping is its job). */
export const progressWords = (progress: QuorumProgress, name: (actor: Actor) => string): string => {
  const left = Math.max(progress.required - progress.counted, 0);
  const by = progress.approvers.length > 0 ? ` — approved by ${listed(progress.approvers.map(name))}` : '';
  const wait =
    left > 0 ? ` · waiting for ${progress.counted === 0 ? `${left} approvals` : waitingFor(left)}` : '';
  return `${progress.counted} of ${progress.required}${by}${wait}`;
};

const plainName = (actor: Actor): string => actor.name ?? actor.email ?? actor.id;

/**
 * The progress in plain text (ephemeral replies, email, pages escape it themselves), or undefined for a
 * one-person approval.
 * @example
 * quorumProgressText(approval); // '1 of 2 — approved by Sam Lee · waiting for one more'
 */
export const quorumProgressText = (approval: Pick<ApprovalRecord, 'required' | 'votes'>): string => {
  const progress = quorumProgress(approval);
  return progress ? `Your approval counts: ${progressWords(progress, plainName)}.` : 'Your approval counts.';
};

/** The progress as plain words without the "your approval" framing, for pages; undefined when N is 1. */
export const quorumProgressLine = (
  approval: Pick<ApprovalRecord, 'required' | 'votes'>,
): string | undefined => {
  const progress = quorumProgress(approval);
  return progress ? progressWords(progress, plainName) : undefined;
};
