import type { Command } from 'commander';
import { DEFAULT_TABLE } from './cli-context';

/** Options of commands that read a time window. */
export interface WindowOptions {
  since?: string;
  from?: string;
  to?: string;
}

/** How a flag is named in error messages, e.g. `--since`. */
export const flagLabel = (field: string): string => `--${field}`;

/** `--table` and `--json`, on every command so they can follow the command name. */
export const addCommonOptions = (command: Command): Command =>
  command
    .option('--table <name>', `DynamoDB table (default: $PIPEGATE_TABLE, else ${DEFAULT_TABLE})`)
    .option('--json', 'print JSON (for scripts) instead of a table');

/** `--since` / `--from` / `--to`. */
export const addWindowOptions = (command: Command, defaultSince: string): Command =>
  command
    .option(
      '--since <when>',
      `start of the window: 30m, 24h, 7d, 2w, a date or a date-time (default ${defaultSince})`,
    )
    .option('--from <when>', 'start of the window; same as --since, reads better with dates')
    .option(
      '--to <when>',
      'end of the window, inclusive (default now; a date means the end of that day, UTC)',
    );

/** `--limit` / `--cursor`. */
export const addPageOptions = (command: Command): Command =>
  command
    .option('--limit <n>', 'at most this many results, 1-500 (default 50)')
    .option('--cursor <cursor>', 'continue after a previous page (printed when there are more results)');
