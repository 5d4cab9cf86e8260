import type { PipelineEvent } from '../../../shared/events/pipeline-event';
import { isPriorityChange } from '../../../shared/notify/notify-execution';

const stageStarted = (attempt: number): PipelineEvent => ({
  eventId: 'evt-1',
  level: 'stage',
  pipeline: 'prod-api',
  executionId: '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
  stage: 'Deploy',
  state: 'STARTED',
  time: '2026-09-01T11:50:00.000Z',
  attempt,
});

describe('which card changes are priority (never dropped under Slack rate limits)', () => {
  it('makes a step event after its run ended a priority change, and a retry step before RESUMED not', () => {
    // Act
    const running = isPriorityChange(stageStarted(1), { state: 'STARTED', attempt: 1 });
    const afterTheEnd = isPriorityChange(stageStarted(1), { state: 'SUCCEEDED', attempt: 1 });
    const retryBeforeResumed = isPriorityChange(stageStarted(2), { state: 'FAILED', attempt: 1 });

    // Assess
    expect({ running, afterTheEnd, retryBeforeResumed }).toEqual({
      running: false,
      afterTheEnd: true,
      retryBeforeResumed: false,
    });
  });
});
