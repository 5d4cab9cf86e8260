import type { Command } from 'commander';
import type * as z from 'zod';
import type { AuditQueryDeps, ListResult } from '../shared/reports/queries';
import { type CliIO, type CommonOptions, printPage, withQueries } from './cli-context';
import { addCommonOptions, addPageOptions, addWindowOptions, flagLabel } from './command-options';
import type { Column } from './print-table';

/** A flag only one list command has, e.g. `--pipeline <name>`. */
export interface ListFlag {
  /** The query parameter it fills; also commander's name for the flag's value. */
  name: string;
  flags: string;
  description: string;
  required?: boolean;
}

/** What makes one list command different from the others: the rest is {@link listCommand}. */
export interface ListCommandSpec<S extends z.ZodType, T> {
  name: string;
  description: string;
  flags?: ListFlag[];
  /** Adds --since/--from/--to with this default; commands without a time window leave it out. */
  defaultSince?: string;
  /**
   * The query and its parameter schema (shared/audit/query-params.ts, the same one the HTTP API parses
   * with), loaded when the command runs so that --help starts without zod, the SDK or the queries.
   */
  load: () => Promise<{
    schema: S;
    query: (params: z.output<S>, deps: AuditQueryDeps) => Promise<ListResult<T>>;
  }>;
  columns: (io: CliIO) => Column<T>[] | Promise<Column<T>[]>;
  /** What to print instead of an empty table. */
  empty: (params: z.output<S>) => string;
}

const WINDOW_FLAGS = ['since', 'from', 'to'];
const PAGE_FLAGS = ['limit', 'cursor'];

/**
 * Builds a paged list command: its own flags, then the window flags (if it has a window), --limit/--cursor,
 * --table/--json; parses them with the query's schema (bad input exits 2 naming the flag), runs the query and
 * prints one page as a table or JSON, with the hint for the next page.
 * @example
 * export const registerFailuresCommand = listCommand({
 *   name: 'failures', description: 'failed executions, newest first', defaultSince: '7d',
 *   load: async () => ({
 *     schema: (await import('../../shared/audit/query-params')).failuresParams,
 *     query: (await import('../../shared/reports/queries')).listFailures,
 *   }),
 *   columns: () => columns, empty: () => 'no failed executions',
 * });
 */
export const listCommand =
  <S extends z.ZodType, T>(spec: ListCommandSpec<S, T>) =>
  (program: Command, io: CliIO): void => {
    const command = program.command(spec.name).description(spec.description);
    for (const flag of spec.flags ?? []) {
      if (flag.required) command.requiredOption(flag.flags, flag.description);
      else command.option(flag.flags, flag.description);
    }
    if (spec.defaultSince) addWindowOptions(command, spec.defaultSince);
    const names = [
      ...(spec.flags ?? []).map((flag) => flag.name),
      ...(spec.defaultSince ? WINDOW_FLAGS : []),
      ...PAGE_FLAGS,
    ];
    addCommonOptions(addPageOptions(command)).action(
      async (options: CommonOptions & Record<string, unknown>) => {
        // Only this command's flags: the schemas are strict, so a stray key would be refused.
        const raw = Object.fromEntries(names.map((name) => [name, options[name]]));
        const [{ schema, query }, { parseParams }] = await Promise.all([
          spec.load(),
          import('../shared/audit/query-params'),
        ]);
        const params = parseParams(schema, raw, flagLabel);
        const page = await withQueries(options, io, (deps) => query(params, deps));
        printPage(io, options, page, await spec.columns(io), spec.empty(params));
      },
    );
  };
