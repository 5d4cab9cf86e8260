import type { KnownBlock } from '@slack/types';
import { chunkLines, context, fitBlocks, section } from '../../../../shared/present/slack/block-kit';

describe('chunkLines', () => {
  it('packs lines into texts that each fit the limit', () => {
    // Prepare
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);

    // Act
    const chunks = chunkLines(lines, 100);

    // Assess
    expect(chunks.every((chunk) => chunk.length <= 100)).toBe(true);
    expect(chunks.join('\n')).toBe(lines.join('\n'));
  });
});

describe('fitBlocks', () => {
  it('keeps the footer and says what was left out when the body is too long', () => {
    // Prepare
    const body: KnownBlock[] = Array.from({ length: 70 }, (_, i) => section(`block ${i}`));
    const footer = [context(['footer'])];

    // Act
    const blocks = fitBlocks(body, footer);

    // Assess
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)).toEqual(context(['footer']));
    expect(JSON.stringify(blocks.at(-2))).toContain('22 more blocks left out');
  });

  it('drops empty context blocks, which Slack rejects', () => {
    // Prepare
    const body = [section('a'), context([undefined, ''])];

    // Act
    const blocks = fitBlocks(body, []);

    // Assess
    expect(blocks).toEqual([section('a')]);
  });
});
