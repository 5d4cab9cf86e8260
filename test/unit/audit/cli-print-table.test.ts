import { cellText, renderTable } from '../../../cli/print-table';

describe('renderTable', () => {
  it('aligns columns under their headers and right-aligns numbers when asked', () => {
    // Prepare
    const rows = [
      { id: 'api-1', state: 'FAILED', took: '45s' },
      { id: 'api-10', state: 'OK', took: '1h 02m' },
    ];

    // Act
    const table = renderTable(rows, [
      { header: 'ID', value: (row) => row.id },
      { header: 'STATE', value: (row) => row.state },
      { header: 'TOOK', value: (row) => row.took, align: 'right' },
    ]);

    // Assess
    expect(table.split('\n')).toEqual([
      'ID      STATE     TOOK',
      'api-1   FAILED     45s',
      'api-10  OK      1h 02m',
    ]);
  });
});

describe('cellText', () => {
  it('keeps terminal control sequences and line breaks from user text out of the output', () => {
    // Act
    const text = cellText('ok\nthen \u001b[2J\u202egnp.exe');

    // Assess
    expect(text).toBe('ok then [2J gnp.exe');
  });

  it('cuts long text with an ellipsis', () => {
    // Act
    const text = cellText('x'.repeat(100), 10);

    // Assess
    expect(text).toBe(`${'x'.repeat(9)}…`);
  });
});
