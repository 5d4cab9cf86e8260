import type { AccountNamer } from '../accounts/account-names';
import type { HistoryStore } from '../history/history-store';
import type { Log } from '../logging/log';
import type { ChatPort } from '../notify/chat-port';
import type { NotificationStore } from '../notify/notification-store';
import { renderCardContent } from '../notify/notify-execution';
import { renderApprovalOutcome } from '../notify/render/approval-message';
import { syncCard } from '../notify/sync-card';
import type { ApprovalRecord } from './approval-record';
import type { ApprovalStore } from './approval-store';

export interface AnnounceDeps {
  chat?: ChatPort;
  store: NotificationStore;
  approvals: ApprovalStore;
  history: Pick<HistoryStore, 'getSummary'>;
  log: Log;
  now: () => Date;
  accountName?: AccountNamer;
}

/**
 * Tells every channel that carried the approval how it ended: the approval message loses its buttons and
 * says who decided, when and why; the execution card is re-rendered. Slack trouble here is logged, not
 * thrown: the decision itself already happened and is on record.
 */
export const createApprovalAnnouncer =
  (deps: AnnounceDeps) =>
  async (record: ApprovalRecord): Promise<void> => {
    const { chat } = deps;
    if (!chat) return;
    const outcome = renderApprovalOutcome(record);
    const summary = await deps.history.getSummary(record.executionId);
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
  };
