import type { Command } from 'commander';
import { DEFAULT_SINCE, listFailures } from '../../shared/audit/queries';
import { failuresParams, parseParams } from '../../shared/audit/query-params';
import type { ExecutionListItem } from '../../shared/audit/read-models';
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
import { stepName, utc } from '../format-values';
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
export const registerFailuresCommand = (program: Command, io: CliIO): void => {
  const command = program
    .command('failures')
    .description('failed executions across all pipelines, newest first');
  addPageOptions(addWindowOptions(command, DEFAULT_SINCE.failures));
  addCommonOptions(command).action(async (options: CommonOptions & WindowOptions & PageOptions) => {
    const params = parseParams(failuresParams, windowAndPage(options), flagLabel);
    const page = await withQueries(options, io, (deps) => listFailures(params, deps));
    printPage(io, options, page, columns, 'no failed executions');
  });
};
