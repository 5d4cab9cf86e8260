import type { ApprovalPolicy, PipegateConfig } from './pipegate-config';

/**
 * Local parts that usually name a role or a team rather than a person. Only a hint for `config check`: the
 * file's author knows which addresses several people read, and says so by putting them under `inform`.
 */
const SHARED_MAILBOX =
  /(^|[-_.+])(team|teams|group|all|list|managers?|approvers?|release|releases|ops|devops|sre|platform|admins?|support|security|oncall|deploy|deploys|noreply|no-reply)([-_.+]|@)/i;

/** True when an address looks like a shared or role mailbox (e.g. `release-managers@…`). */
export const looksShared = (email: string): boolean => SHARED_MAILBOX.test(`${email.split('@')[0]}@`);

const list = (label: string, items: readonly string[]): string | undefined =>
  items.length > 0 ? `${label} ${items.join(', ')}` : undefined;

const selfApprovalLine = (policy: ApprovalPolicy): string => {
  const required = policy.requireDistinctFrom;
  const parts: string[] = [];
  if (policy.preventSelfApproval) {
    parts.push(
      'refused when the approver is the commit author (by email, or the Slack user with that email) or the IAM ' +
        'principal that started the run; git author data is not authentication',
    );
  }
  if (required.includes('author')) parts.push('the commit must name an author, and the approver must differ');
  if (required.includes('trigger')) {
    parts.push('a principal must have started the run (not a push), and the approver must differ from it');
  }
  return parts.length > 0 ? parts.join('; ') : 'not checked (preventSelfApproval: false)';
};

const quorumLine = (policy: ApprovalPolicy): string => {
  if (policy.required <= 1) return 'one approval decides; one reject ends it';
  const from = policy.distinctGroups
    ? ` from ${policy.required} different user groups (${policy.slack.userGroups.join(', ')}), one each — ` +
      'a listed user or address counts only as a member of one of them'
    : '';
  return (
    `${policy.required} different people must approve${from}; a person counts once across Slack and email; ` +
    'CodePipeline is told when the last one approves; one reject ends it'
  );
};

/**
 * What `pipegate config check` says about each approval policy: who can decide (only people: Slack users and
 * groups, addresses under `emails`), who is only informed (`inform`, never a link), how self-approval is
 * checked, and a warning for each address under `emails` that looks like a shared mailbox.
 * @example
 * explainApprovers(config); // ['approvals "prod": pipelines prod-*', '  decide: …', …]
 */
export const explainApprovers = (config: PipegateConfig): string[] =>
  config.approvals.flatMap((policy) => {
    const deciders = [
      list('Slack users', policy.slack.users),
      list('members of Slack user groups', policy.slack.userGroups),
      list('by personal email link', policy.emails),
    ].filter((part): part is string => part !== undefined);
    const shared = policy.emails.filter(looksShared);
    return [
      `approvals "${policy.name}": pipelines ${policy.match.pipelines.join(', ')}`,
      `  decide: ${deciders.join('; ')}`,
      ...(policy.inform.length > 0
        ? [`  informed only (no links, cannot decide): ${policy.inform.join(', ')}`]
        : []),
      `  self-approval: ${selfApprovalLine(policy)}`,
      `  quorum: ${quorumLine(policy)}`,
      ...shared.map(
        (address) =>
          `  ⚠ ${address} is under emails but looks like a shared mailbox: anyone reading it could decide, ` +
          'the author too, and the audit could only name the mailbox. If several people read it, move it to inform.',
      ),
    ];
  });
