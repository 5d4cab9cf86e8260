import { linkHash, nextLink } from '../../../shared/audit/chain/chain-link';
import { verifyAudit } from '../../../shared/audit/chain/verify-audit';
import { verifyDay } from '../../../shared/audit/chain/verify-day';
import { InMemoryChainDays, type LinkedEntry } from '../../support/fakes/chain-days';

const day = '2026-07-20';
const LANES = 4;

/** A day of `count` entries over four lanes, taken in turn (so every lane has count / 4). */
const seeded = (count = 24) => {
  const days = new InMemoryChainDays(LANES);
  for (let i = 0; i < count; i += 1) days.append(day, i % LANES);
  return days;
};

const check = async (days: InMemoryChainDays) => {
  const { heads, entries } = await days.day(day);
  return verifyDay(day, heads, entries);
};

const at = (days: InMemoryChainDays, lane: number, seq: number): LinkedEntry => {
  const entry = days.lane(day, lane)[seq - 1];
  if (!entry) throw new Error(`no entry at ${lane}/${seq}`);
  return entry;
};

describe('verifyDay over lanes', () => {
  it('accepts a day of several intact lanes and counts every link', async () => {
    // Prepare
    const days = seeded();

    // Act
    const verdict = await check(days);

    // Assess
    expect(verdict).toEqual({ day, lanes: LANES, chained: 24, anchored: false, findings: [] });
  });

  it('verifies a day written as one chain before lanes existed as its lane 0', async () => {
    // Prepare: one head without a lane count, entries without a lane (the reader makes them lane 0)
    const days = new InMemoryChainDays(1);
    for (let i = 0; i < 5; i += 1) days.append(day);
    const legacy = { id: 'old', entryJson: '{}' };
    const { heads, entries } = await days.day(day);

    // Act
    const intact = verifyDay(day, heads, entries);
    const withUnchained = verifyDay(day, heads, [...entries, legacy]);

    // Assess
    expect(intact).toMatchObject({ lanes: 1, chained: 5, findings: [] });
    expect(withUnchained.findings).toEqual([
      expect.objectContaining({
        kind: 'inserted',
        entryId: 'old',
        detail: 'entry has no place in the chain',
      }),
    ]);
  });

  it('names an edited entry with its lane and position', async () => {
    // Prepare
    const days = seeded();
    const target = at(days, 2, 2);
    target.entryJson = target.entryJson.replace('"ok"', '"refused"');

    // Act
    const verdict = await check(days);

    // Assess
    expect(verdict.findings).toEqual([
      expect.objectContaining({ kind: 'changed', lane: 2, seq: 2, entryId: target.id }),
    ]);
  });

  it('names an entry deleted from the middle of a lane, and a lane whose tail was cut', async () => {
    // Prepare
    const days = seeded();
    const middle = at(days, 1, 2);
    const tail = days.lane(day, 3).at(-1) as LinkedEntry;
    days.remove(day, middle.id);
    days.remove(day, tail.id);

    // Act
    const verdict = await check(days);

    // Assess
    expect(verdict.findings).toEqual([
      expect.objectContaining({ kind: 'deleted', lane: 1, seq: 2, entryId: middle.id }),
      expect.objectContaining({ kind: 'deleted', lane: 3, seq: tail.link.seq, entryId: tail.id }),
    ]);
  });

  it('names a forged entry claiming a taken place in a lane', async () => {
    // Prepare
    const days = seeded();
    const taken = at(days, 0, 2);
    const json = JSON.stringify({ id: 'forged', at: `${day}T10:00:00.000Z`, action: 'approval.decided' });
    days.entries
      .get(day)
      ?.push({ id: 'forged', entryJson: json, link: { ...taken.link, hash: linkHash(taken.link, json) } });

    // Act
    const verdict = await check(days);

    // Assess
    expect(verdict.findings).toEqual([
      expect.objectContaining({ kind: 'inserted', lane: 0, seq: 2, entryId: 'forged' }),
    ]);
  });

  it('names two entries of a lane whose places were swapped', async () => {
    // Prepare
    const days = seeded();
    const [first, second] = [at(days, 2, 1), at(days, 2, 2)];
    [first.link, second.link] = [second.link, first.link];

    // Act
    const verdict = await check(days);

    // Assess
    expect(
      verdict.findings.map((finding) => [finding.kind, finding.lane, finding.seq, finding.entryId]),
    ).toEqual([
      ['reordered', 2, 1, second.id],
      ['reordered', 2, 2, first.id],
    ]);
  });

  it('names an entry moved to another lane: missing from its own, out of place in the other', async () => {
    // Prepare
    const days = seeded();
    const moved = at(days, 1, 3);
    moved.link = { ...moved.link, lane: 2 };

    // Act
    const verdict = await check(days);

    // Assess
    expect(verdict.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'deleted', lane: 1, seq: 3, entryId: moved.id }),
        expect.objectContaining({ lane: 2, seq: 3, entryId: moved.id }),
      ]),
    );
    expect(verdict.findings.find((finding) => finding.lane === 2)?.kind).toMatch(/inserted|changed/);
  });

  it('names an entry claiming a lane the day does not have', async () => {
    // Prepare
    const days = seeded();
    const json = JSON.stringify({ id: 'stray' });
    days.entries.get(day)?.push({ id: 'stray', entryJson: json, link: nextLink(day, 9, undefined, json) });

    // Act
    const verdict = await check(days);

    // Assess
    expect(verdict.findings).toEqual([
      expect.objectContaining({
        kind: 'inserted',
        lane: 9,
        entryId: 'stray',
        detail: "lane 9 is not one of the day's 4 lanes",
      }),
    ]);
  });

  it('on an anchored day, names a deleted head: of a lane with entries, and of an empty lane', async () => {
    // Prepare: lane 3 stays empty and is closed by an empty anchor
    const days = new InMemoryChainDays(LANES);
    for (let i = 0; i < 6; i += 1) days.append(day, i % 3);
    days.anchor(day);
    const intact = await check(days);
    days.heads.delete(`${day}#1`);
    days.heads.delete(`${day}#3`);

    // Act
    const verdict = await check(days);

    // Assess
    expect(intact).toMatchObject({ anchored: true, chained: 6, findings: [] });
    expect(verdict.anchored).toBe(false);
    expect(verdict.findings).toEqual([
      expect.objectContaining({
        kind: 'deleted',
        lane: 1,
        detail: `the chain head of ${day} lane 1 is missing`,
      }),
      expect.objectContaining({ kind: 'deleted', lane: 3, detail: `the anchor of ${day} lane 3 is missing` }),
    ]);
  });
});

describe('verifyAudit', () => {
  it('walks every lane of every day in the window and lists days not anchored yet', async () => {
    // Prepare
    const days = new InMemoryChainDays(LANES);
    for (let i = 0; i < 12; i += 1) days.append('2026-07-19');
    days.anchor('2026-07-19');
    for (let i = 0; i < 12; i += 1) days.append(day);
    const cut = days.lane(day, 0).at(-1) as LinkedEntry;
    days.remove(day, cut.id);

    // Act
    const result = await verifyAudit({ from: '2026-07-19T00:00:00.000Z', to: `${day}T23:59:59.999Z` }, days);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.days.map((verdict) => [verdict.day, verdict.chained, verdict.findings.length])).toEqual([
      ['2026-07-19', 12, 0],
      [day, 12, 1],
    ]);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'deleted', lane: 0, entryId: cut.id })]);
    expect(result.openDays).toEqual([day]);
  });
});
