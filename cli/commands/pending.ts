import type { Command } from 'commander';
import { listPending } from '../../shared/audit/queries';
import { parseParams, pendingParams } from '../../shared/audit/query-params';
import type { ApprovalView } from '../../shared/audit/read-models';
import { type CliIO, type CommonOptions, printPage, withQueries } from '../cli-context';
import { addCommonOptions, addPageOptions, flagLabel, type PageOptions } from '../command-options';
import { fromNow, stepName, triggerText, utc } from '../format-values';
import type { Column } from '../print-table';

const columnsAt = (now: Date): Column<ApprovalView>[] => [
  { header: 'EXPIRES (UTC)', value: (row) => utc(row.expiresAt) },
  { header: 'EXPIRES', value: (row) => fromNow(row.expiresAt, now) },
  { header: 'PIPELINE', value: (row) => row.pipeline },
  { header: 'STAGE/ACTION', value: (row) => stepName(row.stage, row.action) },
  { header: 'APPROVAL', value: (row) => row.approvalId, maxWidth: 36 },
  { header: 'EXECUTION', value: (row) => row.executionId, maxWidth: 36 },
  { header: 'TRIGGER', value: (row) => triggerText(row.trigger) },
];

/** `pipegate pending`: approvals still waiting, soonest expiry first. */
export const registerPendingCommand = (program: Command, io: CliIO): void => {
  const command = program.command('pending').description('approvals still waiting, soonest expiry first');
  addCommonOptions(addPageOptions(command)).action(async (options: CommonOptions & PageOptions) => {
    const params = parseParams(pendingParams, { limit: options.limit, cursor: options.cursor }, flagLabel);
    const page = await withQueries(options, io, (deps) => listPending(params, deps));
    printPage(io, options, page, columnsAt(io.now()), 'no pending approvals');
  });
};
