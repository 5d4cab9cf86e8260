import type { Command } from 'commander';
import type { AuditEntry } from '../../shared/audit/audit-entry';
import { DEFAULT_SINCE, listDecisions } from '../../shared/audit/queries';
import { approvalsParams, parseParams } from '../../shared/audit/query-params';
import { type CliIO, type CommonOptions, printPage, withQueries } from '../cli-context';
import {
  addCommonOptions,
  addPageOptions,
  addWindowOptions,
  flagLabel,
  type PageOptions,
  type WindowOptions,
  windowAndPage,
} from '../command-options';
import { actorName, entryOutcome, stepName, utc } from '../format-values';
import type { Column } from '../print-table';

interface ApprovalsOptions extends CommonOptions, WindowOptions, PageOptions {
  approver?: string;
}

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
export const registerApprovalsCommand = (program: Command, io: CliIO): void => {
  const command = program
    .command('approvals')
    .description('approval decisions and attempts, refused ones included, newest first')
    .option('--approver <who>', 'only this approver: an email address or slack:<user id>');
  addPageOptions(addWindowOptions(command, DEFAULT_SINCE.approvals));
  addCommonOptions(command).action(async (options: ApprovalsOptions) => {
    const raw = { approver: options.approver, ...windowAndPage(options) };
    const params = parseParams(approvalsParams, raw, flagLabel);
    const page = await withQueries(options, io, (deps) => listDecisions(params, deps));
    printPage(io, options, page, columns, 'no approval decisions or attempts');
  });
};
