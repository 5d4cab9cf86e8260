import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Command } from 'commander';
import type { AuditEntry } from '../../shared/audit/audit-entry';
import { DEFAULT_SINCE } from '../../shared/reports/default-windows';
import { type CliIO, type CommonOptions, tableNameOf, withQueries, writeLine } from '../cli-context';
import { addWindowOptions, flagLabel, type WindowOptions } from '../command-options';

interface ExportOptions extends Pick<CommonOptions, 'table'>, WindowOptions {
  format?: string;
  output?: string;
}

/** Writes chunks with backpressure, so a multi-year export never piles up in memory. */
const writeAll = async (stream: NodeJS.WritableStream, chunks: AsyncIterable<string>): Promise<void> => {
  for await (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
};

async function* counted(pages: AsyncIterable<AuditEntry[]>, count: { entries: number }) {
  for await (const page of pages) {
    count.entries += page.length;
    yield page;
  }
}

/**
 * Writes to `<file>.partial` and renames when complete: a failed export never leaves a file that looks whole.
 */
const exportToFile = async (path: string, chunks: AsyncIterable<string>): Promise<void> => {
  const partial = `${path}.partial`;
  const file = createWriteStream(partial);
  try {
    await writeAll(file, chunks);
    file.end();
    await once(file, 'finish');
    await rename(partial, path);
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
};

/** `pipegate export`: every audit entry of a window as CSV or JSONL, to a file or stdout. */
export const registerExportCommand = (program: Command, io: CliIO): void => {
  const command = program
    .command('export')
    .description(
      'every audit entry in a time window (refused attempts included), oldest first, as CSV or JSONL',
    )
    .option('--format <format>', 'csv or jsonl (default csv)')
    .option('-o, --output <file>', 'write to this file instead of stdout');
  addWindowOptions(command, DEFAULT_SINCE.export)
    .option('--table <name>', 'DynamoDB table (default: $PIPEGATE_TABLE, else pipegate-local)')
    .action(async (options: ExportOptions) => {
      const [{ exportParams, parseParams }, { resolveTimeRange }, { renderExport }, { exportPages }] =
        await Promise.all([
          import('../../shared/audit/query-params'),
          import('../../shared/audit/time-range'),
          import('../../shared/reports/export'),
          import('../../shared/reports/queries'),
        ]);
      const raw = { format: options.format, since: options.since, from: options.from, to: options.to };
      const params = parseParams(exportParams, raw, flagLabel);
      // Resolved once, so the window reported below is exactly the one exported.
      const range = resolveTimeRange(params, io.now(), DEFAULT_SINCE.export);
      const window = { ...params, since: undefined, from: range.from, to: range.to };
      const count = { entries: 0 };
      await withQueries(options, io, async (deps) => {
        const chunks = renderExport(counted(exportPages(window, deps), count), params.format);
        if (options.output) await exportToFile(options.output, chunks);
        else await writeAll(io.out, chunks);
      });
      const where = options.output ?? 'stdout';
      writeLine(
        io.err,
        `exported ${count.entries} audit entries (${range.from} to ${range.to}) ` +
          `from table ${tableNameOf(options, io)} to ${where}`,
      );
    });
};
