import type { ConfirmForm, LinkAnswer } from '../../approvals/link-visit';
import { type Refusal, refusalError } from '../../approvals/refusal';
import { describeFreeze } from '../../freezes/active-freezes';
import { executionConsoleUrl } from '../text/console-links';
import { quorumProgressLine } from '../text/quorum-progress';
import { renderConfirmPage } from './confirm-page';
import { renderLinkErrorPage } from './link-error-page';
import { linkOutcomePage } from './outcome-pages';
import { renderResultPage } from './result-page';

/** What the form asks for again when a POST left out what the policy or the freeze needs. */
const PROBLEMS = {
  'reject-comment': 'Please say why you reject this change.',
  'freeze-reason': 'Please say why this must be approved inside the change freeze.',
} as const;

/**
 * The confirm page for a link's form; `missing` names what the last POST left out.
 * @example renderLinkForm(visit.form) // '<!doctype html>…'
 */
export const renderLinkForm = (form: ConfirmForm, missing?: keyof typeof PROBLEMS): string => {
  const { approval, freeze } = form;
  return renderConfirmPage({
    approval,
    ...(form.summary ? { summary: form.summary } : {}),
    token: form.token,
    decision: form.decision,
    recipient: form.recipient,
    requireRejectComment: form.requireRejectComment,
    expiresAt: form.expiresAt,
    consoleUrl: executionConsoleUrl({
      pipeline: approval.pipeline,
      executionId: approval.executionId,
      region: approval.region,
    }),
    ...(freeze
      ? { freeze: { notice: freeze.freezes.map(describeFreeze).join(' '), canBreak: freeze.canBreak } }
      : {}),
    ...(missing ? { problem: PROBLEMS[missing] } : {}),
  });
};

/** The result page of a POST that counted a vote or decided. */
export const renderLinkResult = (answer: Extract<LinkAnswer, { outcome: 'counted' | 'decided' }>): string => {
  const { approval, by, at, comment } = answer;
  const withComment = comment ? { comment } : {};
  return renderResultPage(
    answer.outcome === 'counted'
      ? linkOutcomePage({
          kind: 'counted',
          approval,
          by,
          at,
          progress: quorumProgressLine(approval) ?? '',
          ...withComment,
        })
      : linkOutcomePage({ kind: 'decided', decision: answer.decision, approval, by, at, ...withComment }),
  );
};

/**
 * The page for a refused visit. `recorded`: whether the refusal is on the record (a POST of a genuine link)
 * or was only shown (a GET writes nothing) — the page must say what the record holds.
 */
export const renderLinkRefusal = (refusal: Refusal, recorded: boolean): string =>
  renderLinkErrorPage(refusalError(refusal), { attemptRecorded: recorded });
