import type { Command } from 'commander';
import { DEFAULT_SINCE, listExecutions } from '../../shared/audit/queries';
import { executionsParams, parseParams } from '../../shared/audit/query-params';
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
import { duration, stepName, triggerText, utc } from '../format-values';
import type { Column } from '../print-table';

interface ExecutionsOptions extends CommonOptions, WindowOptions, PageOptions {
  pipeline?: string;
}

const columns: Column<ExecutionListItem>[] = [
  { header: 'STARTED (UTC)', value: (row) => utc(row.startTime) },
  { header: 'EXECUTION', value: (row) => row.executionId, maxWidth: 36 },
  { header: 'STATE', value: (row) => row.state ?? 'IN PROGRESS' },
  { header: 'DURATION', value: (row) => duration(row.durationMs), align: 'right' },
  { header: 'TRIGGER', value: (row) => triggerText(row.trigger) },
  { header: 'FAILED AT', value: (row) => stepName(row.failure?.stage, row.failure?.action) },
];

/** `pipegate executions --pipeline <name>`: a pipeline's executions in a window, newest first. */
export const registerExecutionsCommand = (program: Command, io: CliIO): void => {
  const command = program
    .command('executions')
    .description('executions of one pipeline in a time window, newest first')
    .requiredOption('--pipeline <name>', 'pipeline name, e.g. prod-api');
  addPageOptions(addWindowOptions(command, DEFAULT_SINCE.executions));
  addCommonOptions(command).action(async (options: ExecutionsOptions) => {
    const params = parseParams(
      executionsParams,
      { pipeline: options.pipeline, ...windowAndPage(options) },
      flagLabel,
    );
    const page = await withQueries(options, io, (deps) => listExecutions(params, deps));
    printPage(io, options, page, columns, `no executions of ${params.pipeline}`);
  });
};
