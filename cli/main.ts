import { Command, CommanderError } from 'commander';
import { PipegateError } from '../shared/errors';
import type { CliIO } from './cli-context';
import { registerApprovalsCommand } from './commands/approvals';
import { registerConfigCommand } from './commands/config-check';
import { registerExecutionCommand } from './commands/execution';
import { registerExecutionsCommand } from './commands/executions';
import { registerExportCommand } from './commands/export';
import { registerFailuresCommand } from './commands/failures';
import { registerPendingCommand } from './commands/pending';
import { explainFailure } from './explain-failure';

/** Exit codes: 0 done, 1 failed (not found, DynamoDB unreachable …), 2 bad input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const EXAMPLES = `
Examples:
  pipegate executions --pipeline prod-api --since 7d
  pipegate execution 3f1c2a9e-7b1d-4c52-9a1e-0d6b1f0c2a11
  pipegate approvals --approver jane@example.com --since 30d
  pipegate failures --since 7d --json
  pipegate pending
  pipegate export --format csv --from 2026-07-01 --to 2026-09-30 -o q3.csv
  pipegate config check pipegate.config.yaml

Times: 30m, 24h, 7d, 2w (ago), a date (2026-07-01, whole UTC day) or a date-time (2026-07-01T12:00:00Z).
Where: with none of AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID or PIPEGATE_TABLE set,
the CLI uses the local stack \`npm start\` is running (it records itself in .local-data/stack.json). Otherwise
endpoint, region and credentials come from the usual AWS settings, and the table from --table, else
$PIPEGATE_TABLE, else pipegate-local.`;

/**
 * The `pipegate` ops CLI: reads the pipegate table directly (no Scan), tables for humans, --json for scripts.
 * @example buildProgram(io).parseAsync(['node', 'pipegate', 'pending'])
 */
export const buildProgram = (io: CliIO): Command => {
  const program = new Command('pipegate')
    .description('Query pipegate: executions, failures, pending approvals, decisions and the audit trail.')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => io.out.write(text),
      writeErr: (text) => io.err.write(text),
    })
    .exitOverride()
    .addHelpText('after', EXAMPLES);
  for (const register of [
    registerExecutionsCommand,
    registerExecutionCommand,
    registerApprovalsCommand,
    registerFailuresCommand,
    registerPendingCommand,
    registerExportCommand,
    registerConfigCommand,
  ]) {
    register(program, io);
  }
  for (const command of program.commands) command.showHelpAfterError('(add --help for usage)').exitOverride();
  return program;
};

/** Prints a failure the way an operator can act on it, and picks the exit code. */
const report = (error: unknown, io: CliIO): number => {
  // Commander has already printed its own message (unknown option, missing --pipeline, --help …).
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof PipegateError) {
    const cause = error.cause instanceof Error && error.cause.message ? ` (${error.cause.message})` : '';
    io.err.write(`pipegate: ${error.message}${cause}\n`);
    const hint = explainFailure(error, io.env);
    if (hint) io.err.write(`pipegate: ${hint}\n`);
    return error.code === 'INVALID_REQUEST' ? EXIT.usage : EXIT.failed;
  }
  io.err.write(`pipegate: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failed;
};

/**
 * Runs the CLI with `argv` and returns the exit code (never calls process.exit, so output is flushed).
 * @example process.exitCode = await runCli(process.argv, io);
 */
export const runCli = async (argv: string[], io: CliIO): Promise<number> => {
  try {
    await buildProgram(io).parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    return report(error, io);
  }
};
