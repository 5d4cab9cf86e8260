import type { ChatPort } from '../delivery/chat-port';
import type { DirtyCards } from '../delivery/dirty-cards';
import { syncCard } from '../delivery/sync-card';
import type { HistoryStore } from '../history/history-store';
import { describeError } from '../logging/log';
import { type NotifyDeps, renderCardContent } from './notify-execution';

export interface RefreshDirtyCardsDeps
  extends Pick<NotifyDeps, 'store' | 'approvals' | 'log' | 'now' | 'accountName'> {
  chat: ChatPort;
  history: Pick<HistoryStore, 'getSummary'>;
  dirty: DirtyCards;
}

/** At most this many refreshes per batch: the batch's own events come first. */
const MAX_REFRESHES = 5;

/**
 * Sends the newest render of the cards whose last change Slack's limits held back, the one held back
 * longest first, while Slack has a slot to spare (never waiting for one: ordinary updates give way). Runs
 * after a batch; best effort, so it never fails it. Each refresh reads the stored summary (the newest, and
 * the one whose reactions finished) and goes the ordinary way: one card read, no write, left out when a
 * newer priority render was claimed. Returns how many cards it sent.
 */
export const refreshDirtyCards = async (
  deps: RefreshDirtyCardsDeps,
  limit = MAX_REFRESHES,
): Promise<number> => {
  let sent = 0;
  for (const card of deps.dirty.oldest(limit)) {
    if (deps.chat.updatesBusy?.()) break;
    try {
      const summary = await deps.history.getSummary(card.executionId);
      if (!summary) {
        deps.dirty.clear(card);
        continue;
      }
      const content = await renderCardContent(summary, deps);
      const shown = await syncCard(card.executionId, card.channel, async () => content, deps);
      if (shown && shown.renderedVersion < content.version) break; // dropped: Slack had no slot after all
      deps.dirty.clear(card);
      if (shown?.renderedVersion === content.version) sent += 1;
    } catch (error) {
      deps.log.warn('could not refresh a card held back by Slack rate limits; its next change will', {
        ...card,
        ...describeError(error),
      });
      break;
    }
  }
  return sent;
};
