import type {
  ActionLevelEvent,
  EventLevel,
  ExecutionState,
  FailureInfo,
  PipelineEvent,
  StageLevelEvent,
} from '../../events/pipeline-event';
import type { ExecutionSummary } from '../../history/execution-summary';
import { executionConsoleUrl } from '../text/console-links';
import { executionDuration, externalLinkLabel, failedActions, failedStage } from '../text/execution-facts';
import { executionHeadlineWords, rawNames } from '../text/execution-headline';
import { formatDuration, formatUtcDateTime, shortExecutionId, stateSymbol, stateWord } from '../text/format';
import {
  capBytes,
  fieldLines,
  fitSubject,
  indent,
  plainText,
  printableUrl,
  stageListLines,
  triggerFields,
} from './email-text';

export type Severity = 'error' | 'warning' | 'info';

/** SNS message attributes, for subscription filter policies (e.g. only `severity: error` to on-call). */
export interface ExecutionEmailAttributes {
  pipeline: string;
  state: ExecutionState;
  level: EventLevel;
  severity: Severity;
}

export interface ExecutionEmail {
  subject: string;
  body: string;
  attributes: ExecutionEmailAttributes;
}

const WARNING_STATES: ReadonlySet<ExecutionState> = new Set([
  'STOPPED',
  'SUPERSEDED',
  'CANCELED',
  'ABANDONED',
]);

/** `error` for failures, `warning` for runs that ended without finishing, `info` for the rest. */
export const severityOf = (state: ExecutionState): Severity =>
  state === 'FAILED' ? 'error' : WARNING_STATES.has(state) ? 'warning' : 'info';

// A guard narrowing to the approval action that started, so other action events stay possible after `false`.
const isApprovalWait = (
  event: PipelineEvent,
): event is ActionLevelEvent & { actionCategory: 'Approval'; state: 'STARTED' } =>
  event.level === 'action' && event.actionCategory === 'Approval' && event.state === 'STARTED';

const stepName = (event: StageLevelEvent | ActionLevelEvent): string =>
  event.level === 'action' ? `${event.stage}/${event.action}` : event.stage;

/** The state as what happened: `started`, `succeeded`, `stopped`… */
const happened = (state: ExecutionState): string => (state === 'STARTED' ? 'started' : stateWord(state));

// What follows "<pipeline> #<id>" in the subject: the state first, so a phone's preview shows it.
const subjectRest = (summary: ExecutionSummary, event: PipelineEvent): string => {
  const tag = `#${shortExecutionId(event.executionId)}`;
  if (event.state === 'FAILED') {
    const where = event.level === 'pipeline' ? failedStage(summary)?.name : stepName(event);
    return `${tag} FAILED${where ? ` in ${where}` : ''}`;
  }
  if (isApprovalWait(event)) return `${tag} waiting for approval in ${stepName(event)}`;
  const step = event.level === 'pipeline' ? '' : ` ${stepName(event)}`;
  const duration = event.level === 'pipeline' ? executionDuration(summary) : undefined;
  const took = event.state === 'SUCCEEDED' && duration !== undefined ? ` (${formatDuration(duration)})` : '';
  const retry = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
  return `${tag}${step} ${happened(event.state)}${took}${retry}`;
};

const lead = (summary: ExecutionSummary, event: PipelineEvent): string => {
  if (event.level === 'pipeline') return `${executionHeadlineWords(summary, rawNames)}.`;
  if (isApprovalWait(event)) return `${summary.pipeline} is waiting for approval in ${stepName(event)}.`;
  const what = event.level === 'action' ? `Action ${event.action} in stage` : 'Stage';
  return `${what} ${event.stage} of ${summary.pipeline} ${happened(event.state)}.`;
};

const failureLines = (
  label: string,
  result: FailureInfo | undefined,
  provider: string | undefined,
): string[] => [
  ...fieldLines([
    ['Failed action', label],
    ['Error', result?.errorCode ? plainText(result.errorCode, 200) : undefined],
  ]),
  ...(result?.summary ? ['Summary:', indent(plainText(result.summary, 4000))] : []),
  ...(printableUrl(result?.externalUrl)
    ? [`Open ${externalLinkLabel(provider)}:`, printableUrl(result?.externalUrl) ?? '']
    : []),
];

const failureSection = (summary: ExecutionSummary, event: PipelineEvent): string[] => {
  if (event.state !== 'FAILED') return [];
  if (event.level === 'action') {
    const provider = event.actionProvider ? ` (${event.actionProvider})` : '';
    return [
      '',
      ...failureLines(
        `${stepName(event).replace('/', ' / ')}${provider}`,
        event.result,
        event.actionProvider,
      ),
    ];
  }
  return failedActions(summary, event.level === 'stage' ? event.stage : undefined)
    .slice(0, 10)
    .flatMap((action) => [
      '',
      ...failureLines(
        `${action.stage} / ${action.action}${action.provider ? ` (${action.provider})` : ''}`,
        action.result,
        action.provider,
      ),
    ]);
};

/**
 * A plain-text notification email for one state change: a subject that fits a phone's notification
 * (`✖ prod-api #4f1c2a FAILED in Build`), a body that says what happened and where, who triggered it, the
 * error, summary and log link of failures, every stage with its duration, and the console link; plus the
 * SNS attributes subscriptions filter on.
 * @example
 * const email = renderExecutionEmail(summary, event);
 * await mail.publish({ subject: email.subject, message: email.body, attributes: email.attributes });
 */
export const renderExecutionEmail = (summary: ExecutionSummary, event: PipelineEvent): ExecutionEmail => {
  const symbol = stateSymbol(event.state, { awaitingApproval: isApprovalWait(event) });
  const stop = summary.stopComments?.trim();
  const body = [
    lead(summary, event),
    ...failureSection(summary, event),
    ...(stop ? ['', 'Stop comment:', indent(plainText(stop, 2000))] : []),
    '',
    ...fieldLines([
      ['Pipeline', summary.pipeline],
      ['Execution', `${summary.executionId}${summary.attempt > 1 ? ` (attempt ${summary.attempt})` : ''}`],
      ['Account', [summary.account, summary.region].filter(Boolean).join(', ') || undefined],
      ['Started', formatUtcDateTime(summary.startTime)],
      ...triggerFields(summary.trigger),
    ]),
    ...(summary.trigger?.commitMessage
      ? ['Message:', indent(plainText(summary.trigger.commitMessage, 4000))]
      : []),
    '',
    'Stages:',
    ...stageListLines(summary),
    '',
    'View in CodePipeline:',
    executionConsoleUrl(summary),
    '',
  ].join('\n');
  return {
    subject: fitSubject(symbol, summary.pipeline, subjectRest(summary, event)),
    body: capBytes(body),
    attributes: {
      pipeline: summary.pipeline,
      state: event.state,
      level: event.level,
      severity: severityOf(event.state),
    },
  };
};
