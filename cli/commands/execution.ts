import type { Command } from 'commander';
import { type AccountNamer, whereLabel } from '../../shared/accounts/account-names';
import type { AuditEntry } from '../../shared/audit/audit-entry';
import { actionOf, type PipelineEvent, stageOf } from '../../shared/events/pipeline-event';
import type { ApprovalView, FailurePoint } from '../../shared/reports/read-models';
import type { ExecutionTimeline, StageDuration } from '../../shared/reports/timeline';
import { type CliIO, type CommonOptions, printJson, withQueries, writeLine } from '../cli-context';
import { addCommonOptions, flagLabel } from '../command-options';
import { actorName, duration, entryOutcome, stepName, triggerText, utc } from '../format-values';
import { type Column, renderTable } from '../print-table';

const stageColumns: Column<StageDuration>[] = [
  { header: 'STAGE', value: (row) => row.name },
  { header: 'STATE', value: (row) => row.state },
  { header: 'ATTEMPT', value: (row) => row.attempt, align: 'right' },
  { header: 'STARTED (UTC)', value: (row) => utc(row.startedAt) },
  { header: 'DURATION', value: (row) => duration(row.durationMs), align: 'right' },
];
const failureColumns: Column<FailurePoint>[] = [
  { header: 'AT (UTC)', value: (row) => utc(row.at) },
  { header: 'STAGE/ACTION', value: (row) => stepName(row.stage, row.action) },
  { header: 'ERROR', value: (row) => [row.errorCode, row.summary].filter(Boolean).join(': '), maxWidth: 60 },
  { header: 'LOG', value: (row) => row.externalUrl, maxWidth: 80 },
];
const approvalColumns: Column<ApprovalView>[] = [
  { header: 'STAGE/ACTION', value: (row) => stepName(row.stage, row.action) },
  { header: 'STATUS', value: (row) => row.status },
  { header: 'REQUESTED (UTC)', value: (row) => utc(row.requestedAt) },
  { header: 'DECIDED BY', value: (row) => actorName(row.decidedBy), maxWidth: 40 },
  { header: 'VIA', value: (row) => row.channel },
  { header: 'AT (UTC)', value: (row) => utc(row.decidedAt) },
  { header: 'COMMENT', value: (row) => row.comment, maxWidth: 40 },
];
const auditColumns: Column<AuditEntry>[] = [
  { header: 'AT (UTC)', value: (row) => utc(row.at) },
  { header: 'ACTION', value: (row) => row.action },
  { header: 'OUTCOME', value: entryOutcome },
  { header: 'BY', value: (row) => actorName(row.actor), maxWidth: 40 },
  { header: 'VIA', value: (row) => row.channel },
  { header: 'COMMENT', value: (row) => row.comment, maxWidth: 40 },
];
const eventColumns: Column<PipelineEvent>[] = [
  { header: 'TIME (UTC)', value: (row) => utc(row.time) },
  { header: 'LEVEL', value: (row) => row.level },
  { header: 'STAGE/ACTION', value: (row) => stepName(stageOf(row), actionOf(row)) },
  { header: 'STATE', value: (row) => row.state },
];

const section = <T>(title: string, rows: T[], columns: Column<T>[]): string =>
  `\n${title}\n${rows.length ? renderTable(rows, columns) : '(none)'}`;

const renderTimeline = (timeline: ExecutionTimeline, name: AccountNamer): string => {
  const run = timeline.execution;
  const where = run ? whereLabel(run, name, '  ') : '';
  const head = run
    ? [
        `${run.pipeline}  ${run.executionId}  ${run.state ?? 'IN PROGRESS'}  (attempt ${run.attempt})`,
        ...(where ? [`in ${where}`] : []),
        `started ${utc(run.startTime)} UTC${run.endTime ? `  ended ${utc(run.endTime)} UTC` : ''}` +
          `${run.durationMs !== undefined ? `  took ${duration(run.durationMs)}` : ''}`,
        ...(run.trigger
          ? [`trigger ${[run.trigger.type, triggerText(run.trigger)].filter(Boolean).join(': ')}`]
          : []),
      ].join('\n')
    : `${timeline.executionId}  (summary not recorded yet)`;
  return [
    head,
    section('STAGES', timeline.stages, stageColumns),
    section('FAILURES', timeline.failures, failureColumns),
    section('APPROVALS', timeline.approvals, approvalColumns),
    section('AUDIT', timeline.audit, auditColumns),
    section('EVENTS', timeline.events, eventColumns),
  ].join('\n');
};

/** `pipegate execution <id>`: one execution's timeline. */
export const registerExecutionCommand = (program: Command, io: CliIO): void => {
  const command = program
    .command('execution')
    .description("one execution's timeline: stages and durations, failures, approvals, audit entries, events")
    .argument('<executionId>', 'pipeline execution id, or its first characters (as the web page shows them)')
    .option('--pipeline <name>', "look a shortened id up among this pipeline's runs");
  addCommonOptions(command).action(async (id: string, options: CommonOptions & { pipeline?: string }) => {
    const [
      { executionParams, parseParams },
      { getExecutionTimeline },
      { resolveExecutionId },
      { cliAccountNamer },
    ] = await Promise.all([
      import('../../shared/audit/query-params'),
      import('../../shared/reports/queries'),
      import('../../shared/reports/resolve-execution-id'),
      import('../account-names'),
    ]);
    const { executionId } = parseParams(executionParams, { executionId: id }, flagLabel);
    const timeline = await withQueries(options, io, async (deps) =>
      getExecutionTimeline(await resolveExecutionId(executionId, deps, options.pipeline), deps),
    );
    if (options.json) return printJson(io, timeline);
    writeLine(io.out, renderTimeline(timeline, cliAccountNamer(io.env)));
  });
};
