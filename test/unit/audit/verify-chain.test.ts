import { type ChainHead, type ChainLink, nextLink } from '../../../shared/audit/chain/chain-link';
import { type StoredChainEntry, verifyLane } from '../../../shared/audit/chain/verify-chain';

const day = '2026-07-20';
const LANE = 3;
type Linked = StoredChainEntry & { link: ChainLink };

/** A genuine lane of `count` entries, as the writer builds it. */
const chain = (count: number): { entries: Linked[]; head: ChainHead } => {
  const entries: Linked[] = [];
  let previous: { seq: number; hash: string; lastId: string } | undefined;
  for (let i = 1; i <= count; i += 1) {
    const entryJson = JSON.stringify({
      id: `e${i}`,
      at: `${day}T10:00:0${i}Z`,
      action: 'approval.attempt',
      outcome: 'ok',
    });
    const link = nextLink(day, LANE, previous, entryJson);
    entries.push({ id: `e${i}`, entryJson, link });
    previous = { seq: link.seq, hash: link.hash, lastId: `e${i}` };
  }
  const head = {
    day,
    lane: LANE,
    lanes: 8,
    seq: count,
    hash: previous?.hash ?? '',
    lastId: previous?.lastId ?? '',
  };
  return { entries, head };
};

describe('verifyLane', () => {
  it('accepts an intact lane, and a lane without entries or head', () => {
    // Prepare
    const { entries, head } = chain(4);

    // Act
    const intact = verifyLane(day, LANE, head, entries);
    const empty = verifyLane(day, LANE, undefined, []);

    // Assess
    expect(intact).toEqual({ lane: LANE, chained: 4, anchored: false, findings: [] });
    expect(empty.findings).toEqual([]);
  });

  it('reports a missing head of a lane that has entries', () => {
    // Prepare
    const { entries } = chain(2);

    // Act
    const verdict = verifyLane(day, LANE, undefined, entries);

    // Assess
    expect(verdict.findings).toEqual([
      expect.objectContaining({
        kind: 'deleted',
        lane: LANE,
        detail: `the chain head of ${day} lane 3 is missing`,
      }),
    ]);
  });

  it('names an entry appended after the head without moving it', () => {
    // Prepare
    const { entries } = chain(3);
    const { head: shortHead } = chain(2);

    // Act
    const verdict = verifyLane(day, LANE, shortHead, entries);

    // Assess
    expect(verdict.findings).toEqual([
      expect.objectContaining({ kind: 'inserted', lane: LANE, seq: 3, entryId: 'e3' }),
    ]);
  });

  it('names the head entry when the last entry was edited and rehashed', () => {
    // Prepare
    const { entries, head } = chain(3);
    const last = entries[2] as Linked;
    const forged = nextLink(day, LANE, { seq: 2, hash: last.link.prevHash, lastId: 'e2' }, '{"id":"e3"}');
    entries[2] = { id: 'e3', entryJson: '{"id":"e3"}', link: forged };

    // Act
    const verdict = verifyLane(day, LANE, head, entries);

    // Assess
    expect(verdict.findings).toEqual([expect.objectContaining({ kind: 'changed', seq: 3, entryId: 'e3' })]);
  });

  it('names both positions cut off the end of a lane, the last by the id its head records', () => {
    // Prepare: the last two entries deleted, the head left as it was
    const { entries, head } = chain(4);

    // Act
    const verdict = verifyLane(day, LANE, head, entries.slice(0, 2));

    // Assess
    expect(verdict.findings).toEqual([
      expect.objectContaining({ kind: 'deleted', seq: 3 }),
      expect.objectContaining({ kind: 'deleted', seq: 4, entryId: 'e4' }),
    ]);
    // e3's id was only recorded by e4, deleted with it
    expect(verdict.findings[0]).not.toHaveProperty('entryId');
  });
});
