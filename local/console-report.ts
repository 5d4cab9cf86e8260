import type { ExecutionSummary } from '../shared/history/execution-summary';
import { orderedStages } from '../shared/history/execution-summary';

const ICON: Record<string, string> = {
  STARTED: '▶',
  RESUMED: '▶',
  STOPPING: '■',
  SUCCEEDED: '✔',
  FAILED: '✖',
  CANCELED: '⊘',
  STOPPED: '■',
  SUPERSEDED: '⤼',
  ABANDONED: '⊘',
};

/** One line per execution, readable in a terminal: pipeline, short id, overall state, stages. */
export const describeExecution = (summary: ExecutionSummary): string => {
  const state = summary.state ?? 'STARTED';
  const stages = orderedStages(summary)
    .map((stage) => `${ICON[stage.state] ?? '?'} ${stage.name}`)
    .join('  ');
  const duration = summary.durationMs === undefined ? '' : ` in ${Math.round(summary.durationMs / 1000)}s`;
  return `${summary.pipeline.padEnd(16)} ${summary.executionId.slice(0, 8)}  ${ICON[state] ?? '?'} ${state.padEnd(10)}${duration.padEnd(8)} │ ${stages}`;
};
