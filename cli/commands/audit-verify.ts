import type { Command } from 'commander';
import type { ChainFinding } from '../../shared/audit/chain/verify-chain';
import { PipegateError } from '../../shared/errors';
import { type CliIO, type CommonOptions, printJson, tableNameOf, writeLine } from '../cli-context';
import { addCommonOptions, addWindowOptions, flagLabel, type WindowOptions } from '../command-options';
import { renderTable } from '../print-table';

const DEFAULT_SINCE = '30d';
/** The window flags as a schema, built when the command runs (--help loads no zod). */
const verifyParams = async () => {
  const { z } = await import('zod');
  return z.strictObject({
    since: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  });
};

const columns = [
  { header: 'KIND', value: (row: ChainFinding) => row.kind.toUpperCase() },
  { header: 'DAY', value: (row: ChainFinding) => row.day },
  { header: 'LANE', value: (row: ChainFinding) => row.lane, align: 'right' as const },
  { header: 'POS', value: (row: ChainFinding) => row.seq, align: 'right' as const },
  { header: 'ENTRY', value: (row: ChainFinding) => row.entryId ?? '?', maxWidth: 40 },
  { header: 'WHAT', value: (row: ChainFinding) => row.detail, maxWidth: 70 },
];

/**
 * `pipegate audit verify`: re-computes the audit hash chains (every lane) of every day in the window and reports OK or
 * exactly which entries were changed, deleted, inserted or reordered (exit 1 when anything was).
 */
export const registerAuditCommand = (program: Command, io: CliIO): void => {
  const audit = program.command('audit').description('checks on the audit trail itself');
  const verify = audit
    .command('verify')
    .description(
      're-compute the audit hash chains and name every entry changed, deleted, inserted or reordered',
    );
  addCommonOptions(addWindowOptions(verify, DEFAULT_SINCE))
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .action(async (options: WindowOptions & CommonOptions) => {
      const [
        { createDynamoChainDayReader },
        { createOpsDynamoClient },
        { verifyAudit },
        { parseParams },
        { resolveTimeRange },
      ] = await Promise.all([
        import('../../shared/adapters/dynamodb/audit-chain-reader'),
        import('../../shared/adapters/dynamodb/audit-reader'),
        import('../../shared/audit/chain/verify-audit'),
        import('../../shared/audit/query-params'),
        import('../../shared/audit/time-range'),
      ]);
      const raw = { since: options.since, from: options.from, to: options.to };
      const params = parseParams(await verifyParams(), raw, flagLabel);
      const range = resolveTimeRange(params, io.now(), DEFAULT_SINCE);
      const client = createOpsDynamoClient(io.env);
      const result = await verifyAudit(
        range,
        createDynamoChainDayReader(client, tableNameOf(options, io)),
      ).finally(() => client.destroy());
      const entries = result.days.reduce((sum, day) => sum + day.chained, 0);
      if (options.json) printJson(io, result);
      else if (result.ok) {
        writeLine(io.out, `OK: ${entries} audit entries in ${result.days.length} days, every chain intact`);
      } else writeLine(io.out, renderTable(result.findings, columns));
      if (result.openDays.length && !options.json) {
        writeLine(
          io.err,
          `not anchored yet (the day is not over or the sweeper has not run): ${result.openDays.join(', ')}`,
        );
      }
      if (!result.ok) {
        throw new PipegateError(
          'CONFLICT',
          `the audit trail was altered: ${result.findings.length} finding(s)`,
        );
      }
    });
};
