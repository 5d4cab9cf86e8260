import { PipegateError } from '../../errors';
import { escapeMrkdwn } from './format';

/**
 * What to tell a person whose approval attempt did not go through, in plain words. Shared by the Slack
 * ephemeral messages and the email-link pages so both channels say the same thing.
 */
export const explainRefusal = (error: unknown): string => {
  if (!(error instanceof PipegateError))
    return 'Something went wrong on our side; nothing was decided. Please try again.';
  const d = error.details;
  switch (error.code) {
    case 'ALREADY_DECIDED': {
      const who = d.decidedBy ? ` by ${String(d.decidedBy)}` : '';
      const when = d.decidedAt ? ` at ${String(d.decidedAt).replace('T', ' ').slice(0, 16)} UTC` : '';
      const what = d.decision
        ? String(d.decision).toLowerCase()
        : d.status === 'completed-outside'
          ? 'completed outside pipegate'
          : String(d.status ?? 'decided');
      return `This approval was already ${what}${who}${when}. Nothing was changed.`;
    }
    case 'ALREADY_VOTED':
      return `${error.message} Your earlier approval still counts; nothing was changed.`;
    case 'NOT_ALLOWED':
      if (d.why === 'group-already-counted' || d.why === 'no-listed-group')
        return `${error.message} Your approval was not counted.`;
      if (d.why === 'author-unknown' || d.why === 'starter-unknown')
        return `${error.message} Nothing was decided.`;
      if (d.why === 'decision-not-in-link')
        return `${error.message} Nothing was decided; the link still works.`;
      return 'You are not on the approver list for this pipeline stage, so nothing was decided. The attempt has been recorded; ask a release manager if you think you should be.';
    case 'SELF_APPROVAL':
      return 'You authored this change or started this run, and the policy requires someone else to approve it. Nothing was decided.';
    case 'COMMENT_REQUIRED':
      return 'Please add a comment saying why you reject this change.';
    case 'FROZEN':
      return `${error.message} Nothing was approved; rejecting still works. The attempt has been recorded.`;
    case 'REASON_REQUIRED':
      return 'You may break the change freeze, but only with a reason: please say why this must ship now.';
    case 'APPROVAL_NOT_ACTIVE':
      return `${error.message} Nothing was decided.`;
    case 'LINK_EXPIRED':
      return 'This link has expired. Ask for a new approval request or decide in Slack or the AWS console.';
    case 'LINK_USED':
      return 'This link has already been used. Each link works once.';
    case 'BAD_SIGNATURE':
      return 'This link is not valid (it may have been altered or cut short in the email).';
    case 'ACCOUNT_NOT_CONFIGURED':
      return `pipegate is not set up to act in this pipeline's AWS account${d.account ? ` (${String(d.account)}${d.region ? `, ${String(d.region)}` : ''})` : ''}, so nothing was decided. The attempt has been recorded; decide in the AWS console, or ask the platform team to add the account.`;
    case 'NOT_FOUND':
      return 'pipegate does not know this approval.';
    case 'TRANSIENT':
    case 'RATE_LIMITED':
      return 'CodePipeline did not answer in time; nothing was decided. Please try again in a moment.';
    default:
      return 'Something went wrong on our side; nothing was decided. Please try again.';
  }
};

/**
 * The refusal as Slack mrkdwn, for ephemeral messages: names in it (who decided first) come from Slack
 * profiles and email addresses, so they go through the one mrkdwn escape like any other text.
 * @example
 * refusalMrkdwn(error); // 'This approval was already approved by &lt;!channel&gt; …'
 */
export const refusalMrkdwn = (error: unknown): string => escapeMrkdwn(explainRefusal(error));
