import { createHash } from 'node:crypto';
import { DEFAULT_CHAIN_LANES, laneOf } from '../../../shared/audit/chain/chain-lanes';
import { genesisHash, linkHash } from '../../../shared/audit/chain/chain-link';

describe('laneOf', () => {
  it('puts an id in the same lane every time, and every id in lane 0 of a one-lane day', () => {
    // Prepare
    const id = '2026-07-20T12:00:00.123Z#AbCd-_12';

    // Act
    const lanes = [laneOf(id, 8), laneOf(id, 8), laneOf(id, 1)];

    // Assess
    expect(lanes[0]).toBe(lanes[1]);
    expect(lanes[2]).toBe(0);
  });

  it('spreads ids of one millisecond evenly over the lanes', () => {
    // Prepare
    const ids = Array.from(
      { length: 8_000 },
      (_, i) => `2026-07-20T12:00:00.123Z#${i.toString(36).padStart(8, '0')}`,
    );

    // Act
    const counts = new Array<number>(DEFAULT_CHAIN_LANES).fill(0);
    for (const id of ids)
      counts[laneOf(id, DEFAULT_CHAIN_LANES)] = (counts[laneOf(id, DEFAULT_CHAIN_LANES)] ?? 0) + 1;

    // Assess: 1,000 expected per lane; ±15 % is far outside chance for a uniform hash
    for (const count of counts) expect(Math.abs(count - 1_000)).toBeLessThan(150);
  });
});

describe('lanes in the chain hashes', () => {
  it('keeps the pre-lanes hashes for lane 0 and gives every other lane its own', () => {
    // Prepare
    const day = '2026-07-20';
    const position = { day, seq: 1, prevHash: 'p', prevId: '' };

    const sha256 = (value: unknown[]) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

    // Act
    const lane0 = linkHash({ ...position, lane: 0 }, '{}');
    const lane1 = linkHash({ ...position, lane: 1 }, '{}');

    // Assess: lane 0 is what the single chain of a day hashed before lanes existed
    expect(lane0).toBe(sha256(['pipegate-audit-chain-v1', day, 1, 'p', '', '{}']));
    expect(genesisHash(day, 0)).toBe(sha256(['pipegate-audit-chain-v1', 'genesis', day]));
    expect(genesisHash(day, 1)).not.toBe(genesisHash(day, 2));
    expect(lane1).not.toBe(lane0);
  });
});
