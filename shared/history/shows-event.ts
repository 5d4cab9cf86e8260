import type { PipelineEvent } from '../events/pipeline-event';
import { actionKey, type ExecutionSummary } from './execution-summary';

/** Does the summary currently show this event's state (i.e. the event was the one that moved it there)? */
export const summaryShowsEvent = (summary: ExecutionSummary, event: PipelineEvent): boolean => {
  const step =
    event.level === 'pipeline'
      ? summary.state && { state: summary.state, attempt: summary.attempt }
      : event.level === 'stage'
        ? summary.stages[event.stage]
        : summary.actions[actionKey(event.stage, event.action)];
  return !!step && step.state === event.state && step.attempt === event.attempt;
};
