import { checkDecision } from '../approvals/check-decision';
import { type DecideDeps, decideApproval } from '../approvals/decide-approval';
import { explainRefusal, refusalMrkdwn } from '../approvals/explain-refusal';
import type { AttemptContext } from '../approvals/refuse-attempt';
import { PipegateError } from '../errors';
import type { ChatPort } from '../notify/chat-port';
import { readRejectComment, renderRejectModal } from '../notify/render/reject-modal';
import type { Interaction } from './interaction-payload';
import { slackActor } from './slack-actor';

export interface InteractionDeps {
  decide: DecideDeps;
  chat: ChatPort;
}

/** What Slack should get back: nothing (200, empty) or a view_submission response (e.g. field errors). */
export type InteractionResponse = Record<string, unknown> | undefined;

const isRefusal = (error: unknown): error is PipegateError =>
  error instanceof PipegateError && error.code !== 'INTERNAL' && error.code !== 'INVALID_CONFIG';

/**
 * Acts on a verified Slack interaction: Approve decides at once; Reject opens the comment dialog (after the
 * same checks, so a person who may not decide is told before typing); the dialog's submission decides.
 * Refusals reach the person as an ephemeral message or a field error, and are on the audit record.
 */
export const handleInteraction = async (
  interaction: Interaction,
  deps: InteractionDeps,
): Promise<InteractionResponse> => {
  const actor = await slackActor(deps.chat, interaction.user.id);
  if (interaction.type === 'view_submission') {
    const ref = interaction.view.private_metadata;
    const comment = readRejectComment(interaction.view.state.values);
    try {
      await decideApproval(
        {
          executionId: ref.executionId,
          approvalId: ref.approvalId,
          decision: 'Rejected',
          comment,
          actor,
          channel: 'slack',
        },
        deps.decide,
      );
      return undefined;
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
    if (action.action_id === 'pipegate.approve') {
      await decideApproval(
        {
          executionId: ref.executionId,
          approvalId: ref.approvalId,
          decision: 'Approved',
          actor,
          channel: 'slack',
        },
        deps.decide,
      );
    } else {
      const context: AttemptContext = {
        actor,
        channel: 'slack',
        decision: 'Rejected',
        approvalId: ref.approvalId,
        executionId: ref.executionId,
      };
      const { record, policy } = await checkDecision(
        { executionId: ref.executionId, approvalId: ref.approvalId, actor },
        context,
        deps.decide,
      );
      await deps.chat.openView(
        interaction.trigger_id,
        renderRejectModal(record, { commentRequired: policy?.requireRejectComment ?? false }),
      );
    }
  } catch (error) {
    if (!isRefusal(error)) throw error;
    await tell(error);
  }
  return undefined;
};
