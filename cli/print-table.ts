/** One column of a human-readable table. */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number | undefined;
  /** Longer cells are cut with an ellipsis (default 48 characters). */
  maxWidth?: number;
  align?: 'left' | 'right';
}

const DEFAULT_MAX_WIDTH = 48;

// Control characters (newlines, ESC sequences) and format characters (bidi overrides, zero-width) come from
// user text such as comments; in a terminal they could break the layout or disguise what is shown.
const UNSAFE = /[\p{Cc}\p{Cf}]+/gu;

/**
 * Makes user-supplied text safe and single-line for a terminal cell.
 * @example cellText('ok\nthen \u001b[31mred') // 'ok then [31mred'
 */
export const cellText = (value: string | number | undefined, maxWidth = DEFAULT_MAX_WIDTH): string => {
  const text = String(value ?? '')
    .replace(UNSAFE, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  const chars = [...text];
  return chars.length > maxWidth ? `${chars.slice(0, maxWidth - 1).join('')}…` : text;
};

const width = (text: string): number => [...text].length;

/**
 * Renders rows as an aligned plain-text table (header, then one line per row, two spaces between columns).
 * @example renderTable([{ id: 'e-1', state: 'FAILED' }], [{ header: 'ID', value: (r) => r.id }])
 */
export const renderTable = <T>(rows: T[], columns: Column<T>[]): string => {
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row), column.maxWidth)));
  const widths = columns.map((column, i) =>
    Math.max(width(column.header), ...cells.map((line) => width(line[i] ?? ''))),
  );
  const line = (values: string[]): string =>
    values
      .map((value, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(value)));
        return columns[i]?.align === 'right' ? pad + value : value + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n');
};
