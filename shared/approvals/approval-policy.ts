import { matchesTarget } from '../config/match-event';
import type { ApprovalPolicy, PipegateConfig } from '../config/pipegate-config';

export interface ApprovalTarget {
  pipeline: string;
  stage: string;
  action: string;
  account?: string;
  region?: string;
}

export interface Approver {
  slackUserId?: string;
  email?: string;
  /** Ids of the Slack user groups the person belongs to, as resolved by the caller. */
  slackGroups?: string[];
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * The policy for a manual approval action: the first policy in the file whose match accepts it. None means
 * nobody may approve it through pipegate (the console still can).
 * @example
 * approvalPolicyFor(config, { pipeline: 'prod-api', stage: 'Release', action: 'Approve' })?.name; // 'approvals[0]'
 */
export const approvalPolicyFor = (
  config: Pick<PipegateConfig, 'approvals'>,
  target: ApprovalTarget,
): ApprovalPolicy | undefined => config.approvals.find((policy) => matchesTarget(policy.match, target));

const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * True when the policy lists the person: their Slack user id, one of their Slack user groups, or their email
 * (compared case-insensitively, as mail systems do in practice). Self-approval is checked by the decision.
 * @example
 * isAllowedApprover(policy, { slackUserId: 'U0BOB0003', slackGroups: ['S0RELEASE'] }); // true when S0RELEASE is listed
 */
export const isAllowedApprover = (policy: ApprovalPolicy, approver: Approver): boolean => {
  const { slackUserId, email, slackGroups = [] } = approver;
  if (slackUserId !== undefined && policy.slack.users.includes(slackUserId)) return true;
  if (slackGroups.some((group) => policy.slack.userGroups.includes(group))) return true;
  if (email === undefined || email.trim() === '') return false;
  const wanted = normaliseEmail(email);
  return policy.emails.some((listed) => normaliseEmail(listed) === wanted);
};

/**
 * When an approval stops being actionable: the policy's `expiresAfterHours` after the request, or the action's
 * own timeout if that is sooner (CodePipeline fails the action then, so a later link would only mislead).
 * @example
 * approvalExpiry(policy, new Date('2026-07-01T00:00:00Z'), 60); // 2026-07-01T01:00:00Z when the policy allows longer
 */
export const approvalExpiry = (
  policy: ApprovalPolicy,
  requestedAt: Date,
  actionTimeoutMinutes?: number,
): Date => {
  const start = requestedAt.getTime();
  const byPolicy = start + policy.expiresAfterHours * HOUR_MS;
  const known =
    actionTimeoutMinutes !== undefined && Number.isFinite(actionTimeoutMinutes) && actionTimeoutMinutes > 0;
  const byAction = known ? start + actionTimeoutMinutes * MINUTE_MS : Number.POSITIVE_INFINITY;
  return new Date(Math.min(byPolicy, byAction));
};

/**
 * The reject-comment rule, in one place: a rejection under `requireRejectComment` needs a comment that is
 * more than white space. Slack refuses the claim; the email form is shown again with the question.
 * @example
 * missingRejectComment(policy, 'Rejected', '  '); // true when the policy requires a comment
 */
export const missingRejectComment = (
  policy: ApprovalPolicy | undefined,
  decision: 'Approved' | 'Rejected',
  comment: string | undefined,
): boolean => decision === 'Rejected' && !!policy?.requireRejectComment && !comment?.trim();
