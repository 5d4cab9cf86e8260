import { show } from './config-issues';

/** The largest quorum a policy may ask for: more is a typo, not a release process. */
export const MAX_REQUIRED = 10;

/** The approval-policy fields a quorum depends on, as written in the file (before defaults). */
export interface QuorumFields {
  slack?: { users?: string[]; userGroups?: string[] };
  emails?: string[];
  required?: number;
  distinctGroups?: boolean;
}

export interface QuorumIssue {
  path: PropertyKey[];
  message: string;
}

const distinctPeople = (policy: QuorumFields): number =>
  new Set([
    ...(policy.slack?.users ?? []),
    ...(policy.emails ?? []).map((address) => address.trim().toLowerCase()),
  ]).size;

/**
 * Quorum settings that could never be met, each with what to change. A user group's size is only known in
 * Slack, so a policy with groups is never refused for having too few people; one made of listed users and
 * addresses only is (a user and an address may even be the same person, so the count is an upper bound).
 * @example
 * quorumIssues({ slack: { users: ['U0JANE001'] }, required: 2 }); // [{ path: ['required'], message: 'required: 2 …' }]
 */
export const quorumIssues = (policy: QuorumFields): QuorumIssue[] => {
  const required = policy.required ?? 1;
  const groups = policy.slack?.userGroups ?? [];
  const issues: QuorumIssue[] = [];
  if (policy.distinctGroups === true && required < 2) {
    issues.push({
      path: ['distinctGroups'],
      message:
        'distinctGroups: true needs required: 2 or more (one approver has no one to be distinct from); ' +
        'set required, or remove distinctGroups',
    });
  }
  if (policy.distinctGroups === true && required >= 2 && groups.length < required) {
    issues.push({
      path: ['distinctGroups'],
      message:
        `distinctGroups: true needs at least ${required} slack.userGroups (one group per approver), ` +
        `found ${groups.length}${groups.length > 0 ? ` (${groups.map(show).join(', ')})` : ''}; ` +
        'list more groups, or lower required',
    });
  }
  const people = distinctPeople(policy);
  if (groups.length === 0 && required > 1 && people < required) {
    issues.push({
      path: ['required'],
      message:
        `required: ${required} can never be met: the policy lists only ${people} possible approver` +
        `${people === 1 ? '' : 's'} (slack.users and emails) and no slack.userGroups; ` +
        'add approvers, or lower required',
    });
  }
  return issues;
};
