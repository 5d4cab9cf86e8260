import type { Actor } from '../audit/audit-entry';
import type { ApprovalVote } from './approval-record';

/** The quorum part of a policy: how many people, and whether each must come from another group. */
export interface QuorumRule {
  required: number;
  distinctGroups: boolean;
}

export type VoteCount =
  | { counted: true; votes: ApprovalVote[]; reached: boolean }
  | { counted: false; reason: 'ALREADY_VOTED' | 'NOT_ALLOWED'; details: Record<string, string> };

const lower = (text: string | undefined): string | undefined => text?.trim().toLowerCase() || undefined;

/**
 * One person, however they came: the same actor id, email (case-insensitive) or Slack user. A Slack actor
 * carries the email of their Slack profile, so a Slack click and an email link of one person match.
 * @example
 * samePerson({ id: 'jane@example.com', slackUserId: 'U0JANE001' }, { id: 'jane@example.com', email: 'jane@example.com' }); // true
 */
export const samePerson = (a: Actor, b: Actor): boolean =>
  a.id === b.id ||
  (lower(a.email) !== undefined && lower(a.email) === lower(b.email)) ||
  (a.slackUserId !== undefined && a.slackUserId === b.slackUserId);

/**
 * How many votes can each be given a different group of their own (a maximum bipartite matching, by
 * augmenting paths). Greedy assignment is not enough: a first voter in groups A and B must not use up A
 * when the second voter is only in A.
 */
export const distinctGroupsCovered = (groupsPerVote: readonly (readonly string[])[]): number => {
  const holder = new Map<string, number>();
  const assign = (vote: number, seen: Set<string>): boolean => {
    for (const group of groupsPerVote[vote] ?? []) {
      if (seen.has(group)) continue;
      seen.add(group);
      const current = holder.get(group);
      if (current === undefined || assign(current, seen)) {
        holder.set(group, vote);
        return true;
      }
    }
    return false;
  };
  let covered = 0;
  for (let vote = 0; vote < groupsPerVote.length; vote += 1) if (assign(vote, new Set())) covered += 1;
  return covered;
};

/**
 * Counts one approval vote against those already cast: the same person never counts twice (Slack and
 * email alike), and with `distinctGroups` every counted vote must be matchable to a group no other counted
 * vote needs. `reached` says this vote completes the quorum. Pure: the caller stores the result with a
 * conditional write and retries on a conflict.
 * @example
 * countVote([], { by: jane, channel: 'slack', at }, { required: 2, distinctGroups: false }); // { counted: true, reached: false, … }
 */
export const countVote = (
  existing: readonly ApprovalVote[],
  vote: ApprovalVote,
  rule: QuorumRule,
): VoteCount => {
  const earlier = existing.find((cast) => samePerson(cast.by, vote.by));
  if (earlier) {
    return {
      counted: false,
      reason: 'ALREADY_VOTED',
      details: {
        votedAt: earlier.at,
        via: earlier.channel,
        counted: `${existing.length} of ${rule.required}`,
      },
    };
  }
  const votes = [...existing, vote];
  if (rule.distinctGroups) {
    const covered = distinctGroupsCovered(votes.map((cast) => cast.groups ?? []));
    if (covered < votes.length) {
      return {
        counted: false,
        reason: 'NOT_ALLOWED',
        details: {
          why: (vote.groups ?? []).length === 0 ? 'no-listed-group' : 'group-already-counted',
          groups: (vote.groups ?? []).join(', '),
        },
      };
    }
  }
  return { counted: true, votes, reached: votes.length >= rule.required };
};
