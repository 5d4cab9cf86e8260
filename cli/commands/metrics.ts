import type { Command } from 'commander';
import type { DeliveryKeys, DeliveryReport } from '../../shared/metrics/delivery-metrics';
import type { Distribution } from '../../shared/metrics/percentile';
import { DEFAULT_METRICS_SINCE } from '../../shared/reports/default-windows';
import { type CliIO, type CommonOptions, printJson, tableNameOf, writeLine } from '../cli-context';
import { addCommonOptions, addWindowOptions, flagLabel, type WindowOptions } from '../command-options';
import { duration } from '../format-values';
import { type Column, renderTable } from '../print-table';

interface MetricsOptions extends CommonOptions, WindowOptions {
  pipeline?: string;
  config?: string;
}

type Row = DeliveryKeys & { name: string; production?: boolean };

const percent = (share: number | undefined): string =>
  share === undefined ? '' : `${(share * 100).toFixed(1)}%`;
const spread = (value: Distribution): string =>
  value.count ? `${duration(value.median)} / ${duration(value.p90)}` : '';

const keyColumns: Column<Row>[] = [
  { header: 'PIPELINE', value: (row) => row.name },
  { header: 'PROD', value: (row) => (row.production === undefined ? '' : row.production ? 'yes' : 'no') },
  { header: 'RUNS', value: (row) => row.runs, align: 'right' },
  { header: 'DEPLOYS', value: (row) => row.deployments, align: 'right' },
  { header: 'PER DAY', value: (row) => row.deploymentsPerDay.toFixed(2), align: 'right' },
  { header: 'LEAD TIME (MED / P90)', value: (row) => spread(row.leadTimeMs) },
  { header: 'CHANGE FAIL', value: (row) => percent(row.changeFailureRate), align: 'right' },
  { header: 'RESTORE (MED / P90)', value: (row) => spread(row.timeToRestoreMs) },
  { header: 'APPROVAL WAIT (MED / P90)', value: (row) => spread(row.approvalWaitMs) },
  { header: 'SUPERSEDED', value: (row) => percent(row.supersededShare), align: 'right' },
];

const stageColumns: Column<[string, Distribution]>[] = [
  { header: 'STAGE', value: ([name]) => name },
  { header: 'RUNS', value: ([, value]) => value.count, align: 'right' },
  { header: 'MEDIAN', value: ([, value]) => duration(value.median), align: 'right' },
  { header: 'P90', value: ([, value]) => duration(value.p90), align: 'right' },
];

const printReport = (io: CliIO, report: DeliveryReport): void => {
  const rows: Row[] = Object.entries(report.pipelines).map(([name, keys]) => ({ name, ...keys }));
  if (!rows.length) {
    writeLine(io.out, `no finished runs between ${report.from} and ${report.to}`);
    return;
  }
  if (rows.length > 1) rows.push({ name: '(all)', ...report.overall });
  writeLine(io.out, `delivery ${report.from} to ${report.to} (${report.days} days, UTC)\n`);
  writeLine(io.out, renderTable(rows, keyColumns));
  writeLine(io.out, '\nstage durations (succeeded stages)');
  writeLine(io.out, renderTable(Object.entries(report.overall.stageDurationsMs), stageColumns));
};

// The CLI only needs `metrics.production`; the service's topic ARN the bundled file requires is irrelevant
// here, so a placeholder stands in when it is not set (never used to send anything).
const configEnv = (io: CliIO, file: string | undefined): Record<string, string | undefined> => ({
  PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:000000000000:pipegate-cli-placeholder',
  ...io.env,
  ...(file ? { PIPEGATE_CONFIG: file } : {}),
});

/** `pipegate metrics`: delivery keys (DORA) per pipeline and overall, from the daily rollups. */
export const registerMetricsCommand = (program: Command, io: CliIO): void => {
  const command = program
    .command('metrics')
    .description(
      'delivery metrics: deployments, lead time, change failure rate, time to restore, stage durations',
    )
    .option('--pipeline <name>', 'one pipeline only')
    .option(
      '--config <file>',
      'pipegate config naming the production deploys (default: $PIPEGATE_CONFIG, else pipegate.config.yaml)',
    );
  addCommonOptions(addWindowOptions(command, DEFAULT_METRICS_SINCE)).action(
    async (options: MetricsOptions) => {
      const raw = { pipeline: options.pipeline, since: options.since, from: options.from, to: options.to };
      const [
        { createOpsDynamoClient },
        { createDynamoRollupReader },
        { parseParams },
        { configFromEnv },
        query,
      ] = await Promise.all([
        import('../../shared/adapters/dynamodb/audit-reader'),
        import('../../shared/adapters/dynamodb/rollup-store'),
        import('../../shared/audit/query-params'),
        import('../../shared/config/load-config'),
        import('../../shared/metrics/metrics-query'),
      ]);
      const { deliveryMetrics, metricsParams } = query;
      const params = parseParams(metricsParams, raw, flagLabel);
      const production = configFromEnv(configEnv(io, options.config)).metrics?.production ?? [];
      const client = createOpsDynamoClient(io.env);
      const rollups = createDynamoRollupReader({ client, tableName: tableNameOf(options, io) });
      const report = await deliveryMetrics(params, { rollups, production, now: io.now }).finally(() =>
        client.destroy(),
      );
      if (options.json) printJson(io, report);
      else printReport(io, report);
    },
  );
};
