import type { SlackCall, SlackMessage } from '../../local/standins/slack';

/** Slack Web API calls by method, thread replies counted apart from card posts. */
export const slackCallsByMethod = (calls: readonly SlackCall[]): Record<string, number> => {
  const byMethod: Record<string, number> = {};
  for (const call of calls) {
    const key =
      call.method === 'chat.postMessage' && call.args.thread_ts ? 'chat.postMessage (thread)' : call.method;
    byMethod[key] = (byMethod[key] ?? 0) + 1;
  }
  return byMethod;
};

export interface CardHistoryStats {
  /** Top-level messages (one per execution and channel is the design). */
  cards: number;
  /** Versions of the cards people saw change: the post plus every update that changed text or blocks. */
  visibleVersions: number;
  /** chat.update calls that sent exactly what the card already showed (wasted calls). */
  unchangedUpdates: number;
  /** Most updates any one card received. */
  maxUpdatesPerCard: number;
}

/** What the cards went through, from the stand-in's per-message version history. */
export const cardHistoryStats = (messages: readonly SlackMessage[]): CardHistoryStats => {
  const stats: CardHistoryStats = { cards: 0, visibleVersions: 0, unchangedUpdates: 0, maxUpdatesPerCard: 0 };
  for (const message of messages) {
    if (message.thread_ts) continue;
    stats.cards += 1;
    stats.maxUpdatesPerCard = Math.max(stats.maxUpdatesPerCard, message.updates);
    let previous: string | undefined;
    for (const version of message.history) {
      const shown = JSON.stringify([version.text, version.blocks]);
      if (shown === previous) stats.unchangedUpdates += 1;
      else stats.visibleVersions += 1;
      previous = shown;
    }
  }
  return stats;
};
