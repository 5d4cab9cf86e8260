import { anchorClosedDays } from '../../../shared/audit/chain/anchor-days';

describe('anchorClosedDays', () => {
  it('closes the last three days that are over (plus grace), oldest first, and reports new anchors only', async () => {
    // Prepare
    const asked: string[] = [];
    const closeDay = async (day: string) => {
      asked.push(day);
      return day === '2026-07-20'
        ? [{ day, lane: 0, lanes: 1, seq: 3, hash: 'h', lastId: 'x', anchoredAt: 'now' }]
        : [];
    };

    // Act
    const result = await anchorClosedDays({ closeDay, now: () => new Date('2026-07-21T00:15:00Z') });

    // Assess
    expect(asked).toEqual(['2026-07-18', '2026-07-19', '2026-07-20']);
    expect(result).toEqual({ anchored: ['2026-07-20'] });
  });

  it('leaves a day open until ten minutes after it ended', async () => {
    // Prepare
    const asked: string[] = [];

    // Act
    await anchorClosedDays({
      closeDay: async (day) => {
        asked.push(day);
        return [];
      },
      now: () => new Date('2026-07-21T00:05:00Z'),
    });

    // Assess
    expect(asked.at(-1)).toBe('2026-07-19');
  });
});
