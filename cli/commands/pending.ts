import type { ApprovalView } from '../../shared/reports/read-models';
import { fromNow, stepName, triggerText, utc } from '../format-values';
import { listCommand } from '../list-command';
import type { Column } from '../print-table';

const columnsAt = (now: Date, where: (row: ApprovalView) => string): Column<ApprovalView>[] => [
  { header: 'EXPIRES (UTC)', value: (row) => utc(row.expiresAt) },
  { header: 'EXPIRES', value: (row) => fromNow(row.expiresAt, now) },
  { header: 'PIPELINE', value: (row) => row.pipeline },
  { header: 'STAGE/ACTION', value: (row) => stepName(row.stage, row.action) },
  { header: 'APPROVAL', value: (row) => row.approvalId, maxWidth: 36 },
  { header: 'EXECUTION', value: (row) => row.executionId, maxWidth: 36 },
  { header: 'TRIGGER', value: (row) => triggerText(row.trigger) },
  { header: 'ACCOUNT/REGION', value: where, maxWidth: 48 },
];

/** `pipegate pending`: approvals still waiting, soonest expiry first (no window: all of them). */
export const registerPendingCommand = listCommand({
  name: 'pending',
  description: 'approvals still waiting, soonest expiry first',
  load: async () => {
    const [{ pendingParams }, { listPending }] = await Promise.all([
      import('../../shared/audit/query-params'),
      import('../../shared/reports/queries'),
    ]);
    return { schema: pendingParams, query: listPending };
  },
  columns: async (io) => {
    const { cliAccountNamer, whereColumn } = await import('../account-names');
    return columnsAt(io.now(), whereColumn(cliAccountNamer(io.env)));
  },
  empty: () => 'no pending approvals',
});
