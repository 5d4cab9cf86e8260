import type { AuditEntry } from '../../shared/audit/audit-entry';
import { DEFAULT_SINCE } from '../../shared/reports/default-windows';
import { actorName, entryOutcome, stepName, utc } from '../format-values';
import { listCommand } from '../list-command';
import type { Column } from '../print-table';

const columns: Column<AuditEntry>[] = [
  { header: 'AT (UTC)', value: (row) => utc(row.at) },
  { header: 'ACTION', value: (row) => row.action.replace(/^approval\./, '') },
  { header: 'OUTCOME', value: entryOutcome },
  { header: 'BY', value: (row) => actorName(row.actor), maxWidth: 40 },
  { header: 'VIA', value: (row) => row.channel },
  { header: 'PIPELINE', value: (row) => row.pipeline },
  { header: 'STAGE/ACTION', value: (row) => stepName(row.stage, row.actionName) },
  { header: 'COMMENT', value: (row) => row.comment, maxWidth: 40 },
];

/** `pipegate approvals`: decisions and attempts (refusals included), newest first. */
export const registerApprovalsCommand = listCommand({
  name: 'approvals',
  description: 'approval decisions and attempts, refused ones included, newest first',
  flags: [
    {
      name: 'approver',
      flags: '--approver <who>',
      description: 'only this approver: an email address or slack:<user id>',
    },
  ],
  defaultSince: DEFAULT_SINCE.approvals,
  load: async () => {
    const [{ approvalsParams }, { listDecisions }] = await Promise.all([
      import('../../shared/audit/query-params'),
      import('../../shared/reports/queries'),
    ]);
    return { schema: approvalsParams, query: listDecisions };
  },
  columns: () => columns,
  empty: () => 'no approval decisions or attempts',
});
