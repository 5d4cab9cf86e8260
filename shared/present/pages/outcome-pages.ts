import type { ApprovalRecord } from '../../approvals/approval-record';
import { formatUtc } from './format-utc';
import type { ResultPageInput } from './result-page';

type Decision = 'Approved' | 'Rejected';
type Where = Pick<ApprovalRecord, 'pipeline' | 'stage' | 'action'>;

/** Every way an approval link visit can end, with what the page needs to say about it. */
export type LinkOutcome =
  | { kind: 'decided'; decision: Decision; approval: Where; by: string; at: string; comment?: string }
  | {
      kind: 'already-decided';
      decision: Decision;
      by: string;
      at: string;
      channel?: 'slack' | 'email' | 'console';
    }
  /** An approval vote counted towards a quorum that still waits for more (`progress`: who, of how many). */
  | { kind: 'counted'; approval: Where; by: string; at: string; progress: string; comment?: string }
  /** This person's approval already counts towards the quorum (from Slack or another link). */
  | { kind: 'already-voted'; at: string; counted: string }
  | { kind: 'expired'; expiredAt?: string }
  | { kind: 'used' }
  | { kind: 'not-allowed'; why?: string; recorded?: boolean }
  | { kind: 'self-approval'; recorded?: boolean }
  | { kind: 'completed-outside' }
  | { kind: 'invalid' };

/**
 * What the page says about the record: a refused POST is audited; a GET only looks (mail scanners open links,
 * so it writes nothing) and must not claim otherwise.
 */
const onRecord = (recorded: boolean | undefined): string =>
  recorded === false
    ? 'Opening this link decided nothing and recorded nothing.'
    : 'The attempt is on record.';

const CHANNELS = { slack: 'in Slack', email: 'from an email link', console: 'in the AWS console' } as const;

const decided = (outcome: Extract<LinkOutcome, { kind: 'decided' }>): ResultPageInput => {
  const { approval, decision } = outcome;
  const approved = decision === 'Approved';
  return {
    title: approved
      ? `Approved — ${approval.pipeline} continues`
      : `Rejected — ${approval.pipeline} stops here`,
    message: approved
      ? `You approved ${approval.stage} → ${approval.action}. CodePipeline has been told; the execution moves on.`
      : `You rejected ${approval.stage} → ${approval.action}. The execution stops at this stage.`,
    tone: 'ok',
    details: [
      [`${decision} by`, outcome.by],
      ['At', formatUtc(outcome.at)],
      ...(outcome.comment ? [['Comment', outcome.comment] as const] : []),
    ],
  };
};

/**
 * The result page for a link outcome, worded for the person holding the phone: what happened, and what (if
 * anything) they can do now. Pass it to `renderResultPage`.
 *
 * @example
 * ```ts
 * renderResultPage(linkOutcomePage({ kind: 'already-decided', decision: 'Approved', by: 'Jane Doe',
 *   at: approval.decidedAt, channel: 'slack' }));
 * ```
 */
export const linkOutcomePage = (outcome: LinkOutcome): ResultPageInput => {
  switch (outcome.kind) {
    case 'decided':
      return decided(outcome);
    case 'already-decided': {
      const verb = outcome.decision.toLowerCase();
      const via = outcome.channel === undefined ? '' : ` ${CHANNELS[outcome.channel]}`;
      return {
        title: `Already ${verb}`,
        message: `${outcome.by} ${verb} this${via} at ${formatUtc(outcome.at)}. Your click changed nothing.`,
        tone: 'warn',
        details: [[`${outcome.decision} by`, outcome.by]],
      };
    }
    case 'counted':
      return {
        title: `Your approval counts — ${outcome.approval.pipeline} waits for more`,
        message: `${outcome.approval.stage} → ${outcome.approval.action} needs more than one approver. CodePipeline is told once enough people have approved.`,
        tone: 'ok',
        details: [
          ['Approvals', outcome.progress],
          ['Approved by', outcome.by],
          ['At', formatUtc(outcome.at)],
          ...(outcome.comment ? [['Comment', outcome.comment] as const] : []),
        ],
      };
    case 'already-voted':
      return {
        title: 'Your approval already counts',
        message:
          'You approved this before (in Slack or from another link), and a person counts once. It needs someone else now; nothing was changed.',
        tone: 'warn',
        details: [
          ...(outcome.counted ? [['Approvals', outcome.counted] as const] : []),
          ...(outcome.at ? [['You approved', formatUtc(outcome.at)] as const] : []),
        ],
      };
    case 'expired':
      return {
        title: 'This link has expired',
        message:
          'Approval links work for a limited time. If the approval is still waiting, decide in Slack or in the AWS console.',
        tone: 'warn',
        details: outcome.expiredAt === undefined ? [] : [['Expired', formatUtc(outcome.expiredAt)]],
      };
    case 'used':
      return {
        title: 'This link was already used',
        message: 'Each approval link works once. If you did not use it, tell your platform team.',
        tone: 'warn',
      };
    case 'not-allowed':
      return {
        title: 'You cannot decide this approval',
        message: `${outcome.why ?? 'You are not one of the approvers for this stage.'} ${onRecord(outcome.recorded)}`,
        tone: 'error',
      };
    case 'self-approval':
      return {
        title: 'You cannot approve your own change',
        message: `This pipeline needs someone other than the commit author to approve. ${onRecord(outcome.recorded)}`,
        tone: 'error',
      };
    case 'completed-outside':
      return {
        title: 'Already completed outside pipegate',
        message:
          'This approval was completed in the AWS console or the CLI, or it timed out, before your click. Nothing changed.',
        tone: 'warn',
      };
    case 'invalid':
      return {
        title: 'This link is not valid',
        message: 'It may have been cut short or changed on the way. Open it again from the original email.',
        tone: 'error',
      };
  }
};
