import { type ChainLink, nextLink } from '../../../shared/audit/chain/chain-link';
import { type StoredChainEntry, verifyDay } from '../../../shared/audit/chain/verify-chain';

const day = '2026-07-20';

/** A genuine chain of `count` entries, as the writer builds it. */
const chain = (
  count: number,
): { entries: StoredChainEntry[]; head: { day: string; seq: number; hash: string; lastId: string } } => {
  const entries: StoredChainEntry[] = [];
  let previous: { seq: number; hash: string; lastId: string } | undefined;
  for (let i = 1; i <= count; i += 1) {
    const entryJson = JSON.stringify({
      id: `e${i}`,
      at: `${day}T10:00:0${i}Z`,
      action: 'approval.attempt',
      outcome: 'ok',
    });
    const link: ChainLink = nextLink(day, previous, entryJson);
    entries.push({ id: `e${i}`, entryJson, link });
    previous = { seq: link.seq, hash: link.hash, lastId: `e${i}` };
  }
  return { entries, head: { day, seq: count, hash: previous?.hash ?? '', lastId: previous?.lastId ?? '' } };
};

describe('verifyDay', () => {
  it('accepts an intact chain, and a day without entries or head', () => {
    // Prepare
    const { entries, head } = chain(4);

    // Act
    const intact = verifyDay(day, head, entries);
    const empty = verifyDay(day, undefined, []);

    // Assess
    expect(intact).toEqual({ day, chained: 4, anchored: false, findings: [] });
    expect(empty.findings).toEqual([]);
  });

  it('reports a missing head and entries written before the chain existed', () => {
    // Prepare
    const { entries } = chain(2);
    const legacy = { id: 'old', entryJson: '{}' };

    // Act
    const verdict = verifyDay(day, undefined, [...entries, legacy]);

    // Assess
    expect(verdict.findings.map((finding) => [finding.kind, finding.entryId])).toEqual([
      ['inserted', 'old'],
      ['deleted', undefined],
    ]);
  });

  it('names an entry appended after the head without moving it', () => {
    // Prepare
    const { entries } = chain(3);
    const { head: shortHead } = chain(2);

    // Act
    const verdict = verifyDay(day, shortHead, entries);

    // Assess
    expect(verdict.findings).toEqual([expect.objectContaining({ kind: 'inserted', seq: 3, entryId: 'e3' })]);
  });

  it('names the head entry when the last entry was edited and rehashed', () => {
    // Prepare
    const { entries, head } = chain(3);
    const last = entries[2] as StoredChainEntry & { link: ChainLink };
    const forged = nextLink(day, { seq: 2, hash: last.link.prevHash, lastId: 'e2' }, '{"id":"e3"}');
    entries[2] = { id: 'e3', entryJson: '{"id":"e3"}', link: forged };

    // Act
    const verdict = verifyDay(day, head, entries);

    // Assess
    expect(verdict.findings).toEqual([expect.objectContaining({ kind: 'changed', seq: 3, entryId: 'e3' })]);
  });
});
