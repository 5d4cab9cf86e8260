/** A card whose newest change Slack's limits held back: shown by the next update, or by a refresh. */
export interface DirtyCard {
  executionId: string;
  channel: string;
}

/**
 * The cards of this process whose last change was not sent (an intermediate update dropped or skipped under
 * Slack's rate limits), oldest first. Without it a card waits for its execution's next change, and under a
 * saturated Tier 3 limit the unlucky ones waited for their final state; with it the spare slots go to the
 * card that has waited longest. Per process and bounded: a forgotten entry only means that card waits for
 * its next change, as before.
 */
export interface DirtyCards {
  mark(card: DirtyCard): void;
  clear(card: DirtyCard): void;
  /** Up to `limit` cards, the one held back longest first. */
  oldest(limit: number): DirtyCard[];
}

const keyOf = (card: DirtyCard): string => `${card.executionId}\n${card.channel}`;

export const createDirtyCards = (maxEntries = 1_000): DirtyCards => {
  // Map keeps insertion order: a card marked again keeps its place (its oldest unshown change counts).
  const cards = new Map<string, DirtyCard>();
  return {
    mark(card) {
      const key = keyOf(card);
      if (cards.has(key)) return;
      cards.set(key, { executionId: card.executionId, channel: card.channel });
      if (cards.size > maxEntries) cards.delete(cards.keys().next().value as string);
    },
    clear(card) {
      cards.delete(keyOf(card));
    },
    oldest: (limit) => [...cards.values()].slice(0, limit),
  };
};
