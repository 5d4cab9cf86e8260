import { PipegateError } from '../shared/errors';
import type { AuditQueryDeps } from '../shared/reports/queries';
import { type Column, renderTable } from './print-table';

/** Where the CLI reads its settings and writes its output; tests and main pass the real process's. */
export interface CliIO {
  env: Record<string, string | undefined>;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  now: () => Date;
}

/** Options every command takes. */
export interface CommonOptions {
  table?: string;
  json?: boolean;
}

export const DEFAULT_TABLE = 'pipegate-local';

/** `--table`, else PIPEGATE_TABLE, else the table `npm start` creates. */
export const tableNameOf = (options: CommonOptions, io: CliIO): string =>
  options.table ?? io.env.PIPEGATE_TABLE ?? DEFAULT_TABLE;

const isMissingTable = (cause: unknown): boolean =>
  cause instanceof Error && cause.name === 'ResourceNotFoundException';

/**
 * Runs one command against the table with freshly built query dependencies, and closes the client after, so
 * the process exits as soon as the output is written.
 * @example await withQueries(options, io, async (deps) => listPending({ limit: 50 }, deps));
 */
export const withQueries = async <T>(
  options: CommonOptions,
  io: CliIO,
  run: (deps: AuditQueryDeps) => Promise<T>,
): Promise<T> => {
  const tableName = tableNameOf(options, io);
  // Loaded when a command runs, not at start: `pipegate --help` needs neither the SDK nor the schemas.
  const [{ createOpsDynamoClient }, { auditQueryDeps }] = await Promise.all([
    import('../shared/adapters/dynamodb/audit-reader'),
    import('../shared/wiring/audit-wiring'),
  ]);
  const client = createOpsDynamoClient(io.env);
  try {
    // The audit API's own wiring: same cursor-key rule, so a cursor from one continues in the other.
    return await run(auditQueryDeps({ client, tableName, env: io.env, now: io.now }));
  } catch (error) {
    if (error instanceof PipegateError && isMissingTable(error.cause)) {
      throw new PipegateError(
        'NOT_FOUND',
        `table ${tableName} not found: check --table / PIPEGATE_TABLE, and AWS_REGION or AWS_ENDPOINT_URL_DYNAMODB`,
      );
    }
    throw error;
  } finally {
    client.destroy();
  }
};

/** Writes a line (or block) to a stream. */
export const writeLine = (stream: NodeJS.WritableStream, text: string): void => {
  stream.write(`${text}\n`);
};

/** `--json`: one JSON document on stdout, for scripts. */
export const printJson = (io: CliIO, value: unknown): void =>
  writeLine(io.out, JSON.stringify(value, null, 2));

/** Tells a human how to get the next page (on stderr, so stdout stays just the table). */
export const printMoreHint = (io: CliIO, nextCursor: string | undefined): void => {
  if (nextCursor) writeLine(io.err, `more results: repeat the command with --cursor ${nextCursor}`);
};

/**
 * Prints one page of a list command: JSON (`{ items, nextCursor }`) for scripts, else an aligned table (or
 * `empty` when there is nothing), followed by how to get the next page.
 */
export const printPage = <T>(
  io: CliIO,
  options: CommonOptions,
  page: { items: T[]; nextCursor?: string },
  columns: Column<T>[],
  empty: string,
): void => {
  if (options.json) {
    printJson(io, { items: page.items, nextCursor: page.nextCursor ?? null });
    return;
  }
  writeLine(io.out, page.items.length ? renderTable(page.items, columns) : empty);
  printMoreHint(io, page.nextCursor);
};
