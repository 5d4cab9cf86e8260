import { signSlackRequest } from '../shared/slack/verify-slack-signature';

export interface SlackClick {
  apiUrl: string;
  signingSecret: string;
  userId: string;
  /** Which button: its action_id and value as pipegate rendered them. */
  actionId: 'pipegate.approve' | 'pipegate.approve-comment' | 'pipegate.reject';
  value: string;
  channel: string;
  messageTs: string;
  threadTs?: string;
}

/** Posts a signed Slack interaction payload to pipegate, exactly as Slack would (form body, v0 signature). */
export const postSlackInteraction = async (
  apiUrl: string,
  signingSecret: string,
  payload: Record<string, unknown>,
): Promise<Response> => {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const headers = signSlackRequest(body, signingSecret, Math.floor(Date.now() / 1000));
  return fetch(`${apiUrl}/slack/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
};

/** A button click in the local Slack stand-in, delivered to the slack-interactions function. */
export const clickSlackButton = (click: SlackClick): Promise<Response> =>
  postSlackInteraction(click.apiUrl, click.signingSecret, {
    type: 'block_actions',
    user: { id: click.userId },
    trigger_id: `trigger-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    channel: { id: click.channel },
    container: {
      type: 'message',
      message_ts: click.messageTs,
      thread_ts: click.threadTs,
      channel_id: click.channel,
    },
    actions: [{ type: 'button', action_id: click.actionId, value: click.value }],
  });

/**
 * Submits a decision dialog (view_submission) with a comment, as Slack would after the user typed it: the
 * reject dialog unless `callbackId` names the approve-with-comment one.
 */
export const submitRejectDialog = (input: {
  apiUrl: string;
  signingSecret: string;
  userId: string;
  privateMetadata: string;
  comment?: string;
  /** The break-glass and approve dialogs share the reject dialog's comment field. */
  callbackId?: 'pipegate.reject.submit' | 'pipegate.approve.submit' | 'pipegate.break-glass.submit';
}): Promise<Response> =>
  postSlackInteraction(input.apiUrl, input.signingSecret, {
    type: 'view_submission',
    user: { id: input.userId },
    view: {
      callback_id: input.callbackId ?? 'pipegate.reject.submit',
      private_metadata: input.privateMetadata,
      state: { values: { comment: { comment: { type: 'plain_text_input', value: input.comment ?? null } } } },
    },
  });
