import { createShownMessages } from '../../../shared/adapters/slack/shown-messages';

describe('shown messages: when this process last changed each card', () => {
  it('says how long ago a card was shown, and nothing for one it never showed', () => {
    // Prepare
    const shown = createShownMessages();

    // Act
    shown.shown('exec-1/card:#deploys', 1_000);
    shown.shown('exec-1/card:#deploys', 4_000);

    // Assess
    expect(shown.sinceShownMs('exec-1/card:#deploys', 10_000)).toBe(6_000);
    expect(shown.sinceShownMs('exec-2/card:#deploys', 10_000)).toBeUndefined();
  });

  it('forgets the least recently shown cards beyond its bound, keeping the ones changed lately', () => {
    // Prepare
    const shown = createShownMessages(2);

    // Act
    shown.shown('a', 1);
    shown.shown('b', 2);
    shown.shown('a', 3); // a is the most recent now
    shown.shown('c', 4);

    // Assess
    expect(['a', 'b', 'c'].map((key) => shown.sinceShownMs(key, 10))).toEqual([7, undefined, 6]);
  });
});
