import { PipegateError } from '../../errors';
import { type LinkOutcome, linkOutcomePage } from './outcome-pages';
import { renderNotFoundPage, renderResultPage } from './result-page';

const decisionOf = (value: unknown): 'Approved' | 'Rejected' =>
  value === 'Rejected' ? 'Rejected' : 'Approved';
const channelOf = (value: unknown): 'slack' | 'email' | 'console' | undefined =>
  value === 'slack' || value === 'email' || value === 'console' ? value : undefined;

const outcomeFor = (error: PipegateError, recorded: boolean): LinkOutcome | undefined => {
  const d = error.details;
  switch (error.code) {
    case 'ALREADY_DECIDED':
      if (d.status === 'completed-outside') return { kind: 'completed-outside' };
      if (d.status === 'expired') return { kind: 'expired' };
      return {
        kind: 'already-decided',
        decision: decisionOf(d.decision),
        by: String(d.decidedBy ?? 'someone'),
        at: String(d.decidedAt ?? ''),
        channel: channelOf(d.via),
      };
    case 'APPROVAL_NOT_ACTIVE':
      return d.status === 'expired' ? { kind: 'expired' } : { kind: 'completed-outside' };
    case 'LINK_EXPIRED':
      return { kind: 'expired' };
    case 'LINK_USED':
      return { kind: 'used' };
    case 'ALREADY_VOTED':
      return { kind: 'already-voted', at: String(d.votedAt ?? ''), counted: String(d.counted ?? '') };
    case 'NOT_ALLOWED':
      // A quorum's group rule says what it needs; other refusals keep the page's general words.
      return d.why === 'group-already-counted' || d.why === 'no-listed-group'
        ? { kind: 'not-allowed', why: error.message, recorded }
        : { kind: 'not-allowed', recorded };
    case 'SELF_APPROVAL':
      return { kind: 'self-approval', recorded };
    case 'BAD_SIGNATURE':
    case 'INVALID_REQUEST':
      return { kind: 'invalid' };
    default:
      return undefined;
  }
};

/**
 * The page a person sees when their link visit was refused or failed; never a stack trace.
 * `attemptRecorded`: whether the refusal was audited (a POST) or only shown (a GET, which writes nothing).
 */
export const renderLinkErrorPage = (
  error: unknown,
  options: { attemptRecorded: boolean } = { attemptRecorded: true },
): string => {
  if (error instanceof PipegateError && error.code === 'NOT_FOUND') return renderNotFoundPage();
  // The freeze's own words (which, until when, who may break it) are what the person needs here.
  if (error instanceof PipegateError && error.code === 'FROZEN') {
    return renderResultPage({
      title: 'Held by a change freeze',
      message: `${error.message} Nothing was approved; rejecting still works, and this link stays usable.`,
      tone: 'error',
    });
  }
  const outcome = error instanceof PipegateError ? outcomeFor(error, options.attemptRecorded) : undefined;
  if (outcome) return renderResultPage(linkOutcomePage(outcome));
  return renderResultPage({
    title: 'Nothing was decided',
    message:
      'Something went wrong on our side or CodePipeline did not answer in time. Please try again in a moment.',
    tone: 'error',
  });
};
