import { chainName, parseChainName } from '../../../shared/adapters/dynamodb/audit-item';

describe('chainName / parseChainName', () => {
  it('names lane 0 by its day alone (as before lanes) and other lanes as <day>#<lane>, both ways', () => {
    // Act
    const names = [chainName({ day: '2026-07-20', lane: 0 }), chainName({ day: '2026-07-20', lane: 7 })];

    // Assess
    expect(names).toEqual(['2026-07-20', '2026-07-20#7']);
    expect(names.map(parseChainName)).toEqual([
      { day: '2026-07-20', lane: 0 },
      { day: '2026-07-20', lane: 7 },
    ]);
  });

  it('keeps anything else as the day, so the verifier finds the entry out of place', () => {
    // Act
    const odd = ['2026-07-20#0', '2026-07-20#x', '2026-07-20#07', 'garbage'].map(parseChainName);

    // Assess
    expect(odd.map((parsed) => parsed.day)).toEqual([
      '2026-07-20#0',
      '2026-07-20#x',
      '2026-07-20#07',
      'garbage',
    ]);
  });
});
