import { writeFileSync } from 'node:fs';

/** One replayed attack as the report's table shows it. */
export interface AttackRow {
  attack: string;
  /** The HTTP statuses seen, e.g. `401` or `401 ×1000`. */
  status: string;
  stateChanged: boolean;
  recorded: string;
}

/**
 * Collects the attack table (attack → status → state changed → recorded). Written as markdown to the file
 * PIPEGATE_ATTACK_TABLE names, for the security notes; the assertions never depend on it.
 */
export const createAttackTable = () => {
  const rows: AttackRow[] = [];
  return {
    add: (row: AttackRow): void => {
      rows.push(row);
    },
    write: (title: string): void => {
      const file = process.env.PIPEGATE_ATTACK_TABLE;
      if (!file) return;
      const lines = [
        `### ${title}`,
        '',
        '| attack | status | state changed | recorded |',
        '| --- | --- | --- | --- |',
        ...rows.map(
          (r) => `| ${r.attack} | ${r.status} | ${r.stateChanged ? 'yes' : 'no'} | ${r.recorded} |`,
        ),
        '',
      ];
      writeFileSync(file, `${lines.join('\n')}\n`, { flag: 'a' });
    },
  };
};

/** `401` or `401 ×3, 404 ×1`: the statuses of a batch, counted. */
export const statusSummary = (statuses: readonly number[]): string => {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => (statuses.length === 1 ? `${status}` : `${status} ×${count}`))
    .join(', ');
};
