import { createLeftOutCards } from '../../../shared/notify/left-out-cards';

describe('left-out cards: card changes that gave way to Slack rate limits, per container', () => {
  it('gives the cards held long enough, oldest first, keeping the first time a card was held', () => {
    // Prepare
    const leftOut = createLeftOutCards();
    leftOut.hold('exec-a', '#deploys', 1_000);
    leftOut.hold('exec-b', '#deploys', 2_000);
    leftOut.hold('exec-a', '#deploys', 30_000); // held again: it has waited since 1 000
    leftOut.hold('exec-c', '#deploys', 40_000);

    // Act
    const due = leftOut.due(45_000, 40_000, 10);
    leftOut.release('exec-a', '#deploys');
    const afterRelease = leftOut.due(45_000, 40_000, 10);

    // Assess
    expect(due.map((card) => card.executionId)).toEqual(['exec-a', 'exec-b']);
    expect(afterRelease.map((card) => card.executionId)).toEqual(['exec-b']);
  });

  it('gives at most the limit, and forgets the oldest beyond its bound', () => {
    // Prepare
    const leftOut = createLeftOutCards(2);
    for (const [n, id] of ['exec-a', 'exec-b', 'exec-c'].entries()) leftOut.hold(id, '#deploys', n);

    // Act
    const one = leftOut.due(100_000, 0, 1);
    const all = leftOut.due(100_000, 0, 10);

    // Assess
    expect(one.map((card) => card.executionId)).toEqual(['exec-b']);
    expect(all.map((card) => card.executionId)).toEqual(['exec-b', 'exec-c']);
  });
});
