import { DEFAULT_SINCE } from '../../shared/reports/default-windows';
import type { ExecutionListItem } from '../../shared/reports/read-models';
import { duration, stepName, triggerText, utc } from '../format-values';
import { listCommand } from '../list-command';
import type { Column } from '../print-table';

const columnsWith = (where: (row: ExecutionListItem) => string): Column<ExecutionListItem>[] => [
  { header: 'STARTED (UTC)', value: (row) => utc(row.startTime) },
  { header: 'EXECUTION', value: (row) => row.executionId, maxWidth: 36 },
  { header: 'STATE', value: (row) => row.state ?? 'IN PROGRESS' },
  { header: 'DURATION', value: (row) => duration(row.durationMs), align: 'right' },
  { header: 'TRIGGER', value: (row) => triggerText(row.trigger) },
  { header: 'FAILED AT', value: (row) => stepName(row.failure?.stage, row.failure?.action) },
  { header: 'ACCOUNT/REGION', value: where, maxWidth: 48 },
];

/** `pipegate executions --pipeline <name>`: a pipeline's executions in a window, newest first. */
export const registerExecutionsCommand = listCommand({
  name: 'executions',
  description: 'executions of one pipeline in a time window, newest first',
  flags: [
    {
      name: 'pipeline',
      flags: '--pipeline <name>',
      description: 'pipeline name, e.g. prod-api',
      required: true,
    },
  ],
  defaultSince: DEFAULT_SINCE.executions,
  load: async () => {
    const [{ executionsParams }, { listExecutions }] = await Promise.all([
      import('../../shared/audit/query-params'),
      import('../../shared/reports/queries'),
    ]);
    return { schema: executionsParams, query: listExecutions };
  },
  columns: async (io) => {
    const { cliAccountNamer, whereColumn } = await import('../account-names');
    return columnsWith(whereColumn(cliAccountNamer(io.env)));
  },
  empty: (params) => `no executions of ${params.pipeline}`,
});
