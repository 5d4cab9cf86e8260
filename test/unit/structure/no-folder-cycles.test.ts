import { join } from 'node:path';
import { cyclesOf, type FolderGraph, folderGraph } from './folder-imports';

const SHARED = join(__dirname, '..', '..', '..', 'shared');

/**
 * The layers that keep shared/ free of cycles, each "folder must not import these", lowest first:
 * delivery (ports and send-once) and audit (the trail) under approvals (decides, returns values); present
 * (one folder per channel: slack, email, pages, text) renders what approvals and history hold; notify (who
 * is told what) and reports (the read side) sit above them; http and slack are transports on top.
 */
const LAYERS: [folder: string, mustNotImport: string[]][] = [
  ['history', ['notify', 'approvals', 'ingest', 'audit', 'catch-up']],
  ['audit', ['approvals', 'reports', 'notify', 'present']],
  ['config', ['freezes', 'approvals']],
  ['delivery', ['approvals', 'notify', 'present', 'slack']],
  ['approvals', ['notify', 'present', 'reports', 'http', 'slack']],
  ['present', ['notify', 'delivery', 'reports', 'http', 'slack', 'wiring']],
  ['notify', ['slack', 'http', 'wiring']],
];

describe('shared/ folders import each other without cycles', () => {
  const graph = folderGraph(SHARED);

  it('has no folder-level import cycle', () => {
    // Act
    const cycles = cyclesOf(graph);

    // Assess: a cycle names its folders; look for the import that points "up".
    expect(cycles).toEqual([]);
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const cyclic: FolderGraph = new Map([
      ['history', new Map([['notify', ['history/sweep.ts']]])],
      ['notify', new Map([['history', ['notify/card.ts']]])],
      ['events', new Map()],
    ]);

    expect(cyclesOf(cyclic)).toEqual([['history', 'notify']]);
    expect(cyclesOf(cyclic, new Set(['history -> notify']))).toEqual([]);
  });

  it.each(LAYERS)('keeps %s below %j', (folder, above) => {
    // Act: the files behind any import that points up, so a failure names them.
    const upward = [...(graph.get(folder) ?? new Map<string, string[]>())].filter(([to]) =>
      above.includes(to),
    );

    // Assess
    expect(graph.has(folder)).toBe(true);
    expect(upward).toEqual([]);
  });
});
