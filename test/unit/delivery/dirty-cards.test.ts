import { createDirtyCards } from '../../../shared/delivery/dirty-cards';

const card = (n: number) => ({ executionId: `exec-${n}`, channel: '#deploys' });

describe('dirty cards: the cards Slack limits held back, oldest first', () => {
  it('lists cards in the order their first unshown change came, and a card marked again keeps its place', () => {
    // Prepare
    const dirty = createDirtyCards();

    // Act
    dirty.mark(card(1));
    dirty.mark(card(2));
    dirty.mark(card(1));
    dirty.mark(card(3));

    // Assess
    expect(dirty.oldest(10)).toEqual([card(1), card(2), card(3)]);
    expect(dirty.oldest(2)).toEqual([card(1), card(2)]);
  });

  it('forgets a card once it is shown', () => {
    const dirty = createDirtyCards();
    dirty.mark(card(1));
    dirty.mark(card(2));

    dirty.clear(card(1));

    expect(dirty.oldest(10)).toEqual([card(2)]);
  });

  it('keeps a bounded number of cards, forgetting the oldest', () => {
    const dirty = createDirtyCards(2);

    for (const n of [1, 2, 3]) dirty.mark(card(n));

    expect(dirty.oldest(10)).toEqual([card(2), card(3)]);
  });
});
