import { DEFAULT_SINCE } from '../../shared/reports/default-windows';
import type { ExecutionListItem } from '../../shared/reports/read-models';
import { stepName, utc } from '../format-values';
import { listCommand } from '../list-command';
import type { Column } from '../print-table';

const columns: Column<ExecutionListItem>[] = [
  { header: 'ENDED (UTC)', value: (row) => utc(row.endTime ?? row.lastEventAt) },
  { header: 'PIPELINE', value: (row) => row.pipeline },
  { header: 'EXECUTION', value: (row) => row.executionId, maxWidth: 36 },
  { header: 'FAILED AT', value: (row) => stepName(row.failure?.stage, row.failure?.action) },
  {
    header: 'ERROR',
    value: (row) => [row.failure?.errorCode, row.failure?.summary].filter(Boolean).join(': '),
    maxWidth: 60,
  },
];

/** `pipegate failures`: failed executions across pipelines, newest first. */
export const registerFailuresCommand = listCommand({
  name: 'failures',
  description: 'failed executions across all pipelines, newest first',
  defaultSince: DEFAULT_SINCE.failures,
  load: async () => {
    const [{ failuresParams }, { listFailures }] = await Promise.all([
      import('../../shared/audit/query-params'),
      import('../../shared/reports/queries'),
    ]);
    return { schema: failuresParams, query: listFailures };
  },
  columns: () => columns,
  empty: () => 'no failed executions',
});
