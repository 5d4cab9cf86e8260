import type { AccountNamer } from '../accounts/account-names';
import type { ApprovalRecord } from '../approvals/approval-record';
import type { ApprovalStore } from '../approvals/approval-store';
import type { Freeze } from '../config/freeze';
import type { ChatPort } from '../delivery/chat-port';
import { deliverOnce, deliveryKeyOf } from '../delivery/deliver-once';
import type { NotificationStore } from '../delivery/notification-store';
import { syncCard } from '../delivery/sync-card';
import type { HistoryStore } from '../history/history-store';
import type { Log } from '../logging/log';
import {
  renderApprovalOutcome,
  renderApprovalRequest,
  renderBreakGlassAnnouncement,
} from '../present/slack/approval-message';
import { freezeNoticeFor } from '../present/slack/freeze-notice';
import { renderCardContent } from './notify-execution';

export interface AnnounceDeps {
  chat?: ChatPort;
  store: NotificationStore;
  approvals: ApprovalStore;
  history: Pick<HistoryStore, 'getSummary'>;
  log: Log;
  now: () => Date;
  accountName?: AccountNamer;
  /** The config's change freezes: a request re-rendered to show a quorum's progress keeps its freeze line. */
  freezes?: readonly Freeze[];
}

/**
 * A broken freeze is said out loud: a message of its own in each channel that carried the approval (not
 * only the edited request in a thread), once per channel however often the decision is announced.
 */
const announceBreakGlass = async (
  record: ApprovalRecord,
  chat: ChatPort,
  deps: AnnounceDeps,
): Promise<void> => {
  const text = renderBreakGlassAnnouncement(record);
  for (const message of record.slackMessages) {
    try {
      const delivery = {
        executionId: record.executionId,
        target: `slack:${message.cardChannel}`,
        key: `break-glass#${record.approvalId}`,
      };
      await deliverOnce(
        delivery,
        async () =>
          (await chat.postMessage({ channel: message.channel, text, deliveryKey: deliveryKeyOf(delivery) }))
            .ts,
        deps,
      );
    } catch (error) {
      deps.log.warn('could not announce a broken change freeze', {
        approvalId: record.approvalId,
        channel: message.channel,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
    }
  }
};

/**
 * Tells every channel that carried the approval how it ended: the approval message loses its buttons and
 * says who decided, when and why; the execution card is re-rendered. A pending approval (a vote towards a
 * quorum) keeps its buttons and shows who approved so far. Slack trouble here is logged, not
 * thrown: the decision itself already happened and is on record.
 */
export const createApprovalAnnouncer =
  (deps: AnnounceDeps) =>
  async (record: ApprovalRecord): Promise<void> => {
    const { chat } = deps;
    if (!chat) return;
    const summary = await deps.history.getSummary(record.executionId);
    // Still pending (a quorum vote counted): the request keeps its buttons and shows the progress.
    const outcome =
      record.status === 'pending'
        ? renderApprovalRequest(record, summary, {
            customData: record.customData,
            reviewUrl: record.reviewUrl,
            ...freezeNoticeFor(deps.freezes ?? [], record, deps.now()),
          })
        : renderApprovalOutcome(record);
    for (const message of record.slackMessages) {
      try {
        await chat.updateMessage({
          channel: message.channel,
          ts: message.ts,
          text: outcome.text,
          blocks: outcome.blocks,
        });
        if (summary) {
          await syncCard(record.executionId, message.cardChannel, () => renderCardContent(summary, deps), {
            ...deps,
            chat,
          });
        }
      } catch (error) {
        deps.log.warn('could not update Slack after an approval settled', {
          approvalId: record.approvalId,
          channel: message.channel,
          errorMessage: error instanceof Error ? error.message : String(error),
        });
      }
    }
    if (record.breakGlass && record.status === 'approved') await announceBreakGlass(record, chat, deps);
  };
