import type { PipelineEvent } from '../../../shared/events/pipeline-event';
import { buildTimeline } from '../../../shared/reports/timeline';
import type { EventFields } from '../../support/pipeline-events';

const event = (fields: EventFields<'eventId' | 'pipeline' | 'executionId' | 'attempt'>): PipelineEvent => ({
  eventId: fields.time,
  pipeline: 'p',
  executionId: 'e-1',
  attempt: 1,
  ...fields,
});

describe('buildTimeline', () => {
  it('falls back to failed stages when no action failure was recorded', () => {
    // Prepare
    const events = [
      event({ level: 'stage', stage: 'Deploy', state: 'FAILED', time: '2026-07-01T10:05:00.000Z' }),
      event({ level: 'pipeline', state: 'FAILED', time: '2026-07-01T10:06:00.000Z' }),
    ];

    // Act
    const timeline = buildTimeline('e-1', { events, approvals: [], audit: [] });

    // Assess
    expect(timeline.failures).toEqual([
      { at: '2026-07-01T10:05:00.000Z', stage: 'Deploy', action: undefined },
    ]);
    expect(timeline.execution).toBeUndefined();
  });

  it('orders events of the same instant pipeline, stage, action', () => {
    // Prepare
    const time = '2026-07-01T10:00:00.000Z';
    const events = [
      event({ level: 'action', stage: 'Source', action: 'Git', state: 'STARTED', time }),
      event({ level: 'pipeline', state: 'STARTED', time }),
      event({ level: 'stage', stage: 'Source', state: 'STARTED', time }),
    ];

    // Act
    const timeline = buildTimeline('e-1', { events, approvals: [], audit: [] });

    // Assess
    expect(timeline.events.map((e) => e.level)).toEqual(['pipeline', 'stage', 'action']);
  });
});
