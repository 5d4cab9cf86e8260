import type { ApprovalRecord } from '../approvals/approval-record';
import { auditRefusal } from '../approvals/audit-refusal';
import { checkDecision } from '../approvals/check-decision';
import { releaseClaim } from '../approvals/claim-approval';
import { claimDecision, type DecideDeps, type DecideInput } from '../approvals/decide-approval';
import type { DecisionJob, DecisionQueue } from '../approvals/decision-job';
import { freezeGate } from '../approvals/freeze-gate';
import { type Refusal, refusalError } from '../approvals/refusal';
import type { Actor } from '../audit/audit-entry';
import type { ChatPort } from '../delivery/chat-port';
import { PipegateError } from '../errors';
import { APPROVE_SUBMIT_CALLBACK_ID, renderApproveModal } from '../present/slack/approve-modal';
import { BREAK_GLASS_SUBMIT_CALLBACK_ID, renderBreakGlassModal } from '../present/slack/break-glass-modal';
import { readModalComment } from '../present/slack/comment-modal';
import { renderRejectModal } from '../present/slack/reject-modal';
import { explainRefusal, refusalMrkdwn } from '../present/text/explain-refusal';
import { quorumProgressText } from '../present/text/quorum-progress';
import type { Interaction } from './interaction-payload';
import { slackActor } from './slack-actor';

export interface InteractionDeps {
  decide: DecideDeps;
  chat: ChatPort;
  /** Where claimed decisions go to be completed, so Slack gets its answer whatever CodePipeline does. */
  decisions: DecisionQueue;
}

/**
 * An approval vote that counted towards a quorum not reached yet: the voter is told at once, and the
 * decider updates the messages (the card needs reads this function's role does not have). Trouble here is
 * logged only — the vote is on the record and in the audit trail.
 */
const countedVote = async (
  input: DecideInput,
  record: ApprovalRecord,
  reply: DecisionJob['reply'],
  deps: InteractionDeps,
): Promise<void> => {
  const warn = (what: string) => (failure: unknown) =>
    deps.decide.log.warn(what, {
      approvalId: record.approvalId,
      error: failure instanceof Error ? failure.message : String(failure),
    });
  const at = record.votes?.at(-1)?.at ?? deps.decide.now().toISOString();
  await deps.decisions
    .enqueue({ ...input, claimedAt: at, progress: true })
    .catch(warn('could not hand the quorum progress to the decider'));
  if (!reply) return;
  await deps.chat
    .postEphemeral({ ...reply, text: quorumProgressText(record) })
    .catch(warn('could not tell a Slack user their vote counted'));
};

/**
 * Claims the decision (the fast, conditional write) and hands it to the decider; Slack is answered right
 * after. Returns the (audited) refusal when there is one. If the hand-over fails the claim is given back, so
 * the person can simply click again.
 */
const claimAndHandOver = async (
  input: DecideInput,
  reply: DecisionJob['reply'],
  deps: InteractionDeps,
): Promise<Refusal | undefined> => {
  const claim = await claimDecision(input, deps.decide);
  if (claim.outcome === 'refused') return claim.refusal;
  if (claim.outcome === 'counted') {
    await countedVote(input, claim.record, reply, deps);
    return undefined;
  }
  const { job, record } = claim;
  try {
    await deps.decisions.enqueue({ ...job, ...(reply ? { reply } : {}) });
  } catch (error) {
    await releaseClaim(record, deps.decide);
    throw error;
  }
  return undefined;
};

/**
 * Inside a change freeze, Approve from someone who may break it opens the reason dialog instead of
 * approving (after the same checks as any decision, so a person who may not decide is told at once).
 * Anyone else's Approve goes on to the claim, which refuses it on the record.
 */
const promptedForReason = async (
  interaction: Extract<Interaction, { type: 'block_actions' }>,
  actor: Actor,
  deps: InteractionDeps,
): Promise<boolean> => {
  const [action] = interaction.actions;
  if (!action || deps.decide.config.freezes.length === 0) return false;
  const ref = action.value;
  const check = await checkDecision(
    { executionId: ref.executionId, approvalId: ref.approvalId, actor },
    deps.decide,
  );
  // A person who may not decide is refused (on the record) by the claim that follows.
  if (!check.allowed) return false;
  const gate = await freezeGate(check.record, actor, deps.decide);
  if (!gate.frozen || !gate.canBreak) return false;
  await deps.chat.openView(interaction.trigger_id, renderBreakGlassModal(check.record, gate.freezes));
  return true;
};

/** What Slack should get back: nothing (200, empty) or a view_submission response (e.g. field errors). */
export type InteractionResponse = Record<string, unknown> | undefined;

const isRefusal = (error: unknown): error is PipegateError =>
  error instanceof PipegateError && error.code !== 'INTERNAL' && error.code !== 'INVALID_CONFIG';

/**
 * Acts on a verified Slack interaction within Slack's 3 s, whatever CodePipeline does ("ack first"):
 * Approve claims the decision (or, with a quorum, counts the vote) and hands it to the decider, which tells
 * the outcome in Slack when it lands; Reject and "Approve with comment…" open a comment dialog (after the
 * same checks, so a person who may not decide is told before typing), inside a freeze a break-glass person
 * gets the reason dialog instead; a dialog's submission claims and hands over the decision with its comment. Refusals reach the person as an
 * ephemeral message or a field error, and are on the audit record.
 */
export const handleInteraction = async (
  interaction: Interaction,
  deps: InteractionDeps,
): Promise<InteractionResponse> => {
  const actor = await slackActor(deps.chat, interaction.user.id);
  if (interaction.type === 'view_submission') {
    const ref = interaction.view.private_metadata;
    const comment = readModalComment(interaction.view.state.values);
    const approving =
      interaction.view.callback_id === BREAK_GLASS_SUBMIT_CALLBACK_ID ||
      interaction.view.callback_id === APPROVE_SUBMIT_CALLBACK_ID;
    try {
      const refused = await claimAndHandOver(
        {
          executionId: ref.executionId,
          approvalId: ref.approvalId,
          decision: approving ? 'Approved' : 'Rejected',
          comment,
          actor,
          channel: 'slack',
        },
        // A modal has no channel to answer in: the card and its thread show the outcome.
        undefined,
        deps,
      );
      if (!refused) return undefined;
      return { response_action: 'errors', errors: { comment: explainRefusal(refusalError(refused)) } };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return { response_action: 'errors', errors: { comment: explainRefusal(error) } };
    }
  }

  const [action] = interaction.actions;
  if (!action) return undefined;
  const ref = action.value;
  const tell = async (error: unknown): Promise<void> => {
    const channel = interaction.channel?.id;
    if (!channel) return;
    const threadTs = interaction.container?.thread_ts ?? interaction.container?.message_ts;
    // The refusal is already on the audit record; a user Slack cannot message must not turn it into a 500.
    await deps.chat
      .postEphemeral({ channel, user: interaction.user.id, text: refusalMrkdwn(error), threadTs })
      .catch((failure: unknown) => {
        deps.decide.log.warn('could not tell a Slack user why nothing was decided', {
          user: interaction.user.id,
          error: failure instanceof Error ? failure.message : String(failure),
        });
      });
  };
  try {
    const approving = action.action_id !== 'pipegate.reject';
    if (approving && (await promptedForReason(interaction, actor, deps))) {
      // The break-glass modal asks for the reason (the comment, with or without "with comment…").
    } else if (action.action_id === 'pipegate.approve') {
      const channel = interaction.channel?.id;
      const threadTs = interaction.container?.thread_ts ?? interaction.container?.message_ts;
      const refused = await claimAndHandOver(
        {
          executionId: ref.executionId,
          approvalId: ref.approvalId,
          decision: 'Approved',
          actor,
          channel: 'slack',
        },
        channel ? { channel, user: interaction.user.id, ...(threadTs ? { threadTs } : {}) } : undefined,
        deps,
      );
      if (refused) await tell(refusalError(refused));
    } else {
      const check = await checkDecision(
        { executionId: ref.executionId, approvalId: ref.approvalId, actor },
        deps.decide,
      );
      if (!check.allowed) {
        // Refused before the dialog opens: on the record like any refused click.
        const refused = await auditRefusal(
          deps.decide.audit,
          {
            actor,
            channel: 'slack',
            decision: approving ? 'Approved' : 'Rejected',
            approvalId: ref.approvalId,
            executionId: ref.executionId,
            approval: check.record,
          },
          check.refusal,
        );
        await tell(refusalError(refused));
        return undefined;
      }
      // Reject asks why (required when the policy says so); "Approve with comment…" asks for a comment.
      await deps.chat.openView(
        interaction.trigger_id,
        approving
          ? renderApproveModal(check.record)
          : renderRejectModal(check.record, { commentRequired: check.policy?.requireRejectComment ?? false }),
      );
    }
  } catch (error) {
    if (!isRefusal(error)) throw error;
    await tell(error);
  }
  return undefined;
};
