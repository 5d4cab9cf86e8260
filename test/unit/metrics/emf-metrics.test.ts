import { createEmfMetrics } from '../../../shared/adapters/cloudwatch/emf-metrics';
import type { RecordOutcome } from '../../../shared/history/record-event';
import { createCloudWatchReaction } from '../../../shared/metrics/cloudwatch-reaction';
import { countingMail } from '../../../shared/metrics/count-delivery-failures';

/** Captures what Powertools writes to stdout and parses every line as JSON (EMF is one JSON object a line). */
const captureEmf = async (act: () => Promise<void>): Promise<Record<string, unknown>[]> => {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await act();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
};

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}
const directiveOf = (line: Record<string, unknown>): EmfDirective =>
  (line._aws as { CloudWatchMetrics: EmfDirective[] }).CloudWatchMetrics[0] as EmfDirective;

const outcome = (
  fields: Partial<RecordOutcome['event']>,
  summary: Record<string, unknown> = {},
): RecordOutcome =>
  ({
    outcome: 'new',
    previous: undefined,
    event: {
      eventId: 'e',
      level: 'pipeline',
      pipeline: 'prod-api',
      executionId: 'x',
      state: 'SUCCEEDED',
      time: '2026-07-01T10:00:00Z',
      attempt: 1,
      ...fields,
    },
    summary: { stages: {}, actions: {}, ...summary },
  }) as unknown as RecordOutcome;

beforeAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});
afterAll(() => {
  delete process.env.POWERTOOLS_METRICS_DISABLED;
});

describe('CloudWatch metrics as EMF', () => {
  it('writes outcome, stage duration and approval wait lines with bounded dimensions', async () => {
    // Prepare
    const react = createCloudWatchReaction({
      metrics: createEmfMetrics(),
      production: [{ pipeline: 'prod-*' }],
    });
    const stage = {
      Deploy: {
        name: 'Deploy',
        state: 'SUCCEEDED',
        startedAt: '2026-07-01T09:00:00Z',
        endedAt: '2026-07-01T09:02:30Z',
      },
    };
    const approval = {
      'Gate/Approve': {
        state: 'SUCCEEDED',
        startedAt: '2026-07-01T08:00:00Z',
        endedAt: '2026-07-01T08:20:00Z',
      },
    };

    // Act
    const lines = await captureEmf(async () => {
      await react(outcome({ state: 'FAILED' }) as never);
      await react(outcome({ pipeline: 'sandbox-7', state: 'SUCCEEDED' }) as never);
      await react(outcome({ level: 'stage', stage: 'Deploy' }, { stages: stage }) as never);
      await react(
        outcome(
          { level: 'action', stage: 'Gate', action: 'Approve', actionCategory: 'Approval' },
          { actions: approval },
        ) as never,
      );
      await react({ ...outcome({ state: 'FAILED' }), replay: true } as never);
    });

    // Assess
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(directiveOf(line).Namespace).toBe('pipegate');
    expect(lines[0]).toMatchObject({
      ExecutionOutcome: 1,
      pipeline: 'prod-api',
      outcome: 'FAILED',
      service: 'pipegate',
    });
    expect(directiveOf(lines[0] as Record<string, unknown>).Dimensions[0]).toEqual(
      expect.arrayContaining(['service', 'pipeline', 'outcome']),
    );
    // A pipeline no production rule covers is `other`: the metric count stays bounded by the config.
    expect(lines[1]).toMatchObject({ pipeline: 'other', outcome: 'SUCCEEDED' });
    expect(lines[2]).toMatchObject({ StageDuration: 150_000, pipeline: 'prod-api', stage: 'Deploy' });
    expect(directiveOf(lines[2] as Record<string, unknown>).Metrics).toEqual([
      { Name: 'StageDuration', Unit: 'Milliseconds' },
    ]);
    expect(lines[3]).toMatchObject({ ApprovalWait: 1_200_000, pipeline: 'prod-api' });
  });

  it('counts a failed SNS delivery and an invalid event, without dimensions beyond the channel', async () => {
    // Prepare
    const metrics = createEmfMetrics();
    const mail = countingMail({ publish: async () => Promise.reject(new Error('throttled')) }, metrics);

    // Act
    const lines = await captureEmf(async () => {
      await expect(mail.publish({ subject: 's', text: 't' } as never)).rejects.toThrow('throttled');
      metrics.count('InvalidEvent');
    });

    // Assess
    expect(lines).toEqual([
      expect.objectContaining({ DeliveryFailure: 1, channel: 'sns' }),
      expect.objectContaining({ InvalidEvent: 1 }),
    ]);
    expect(directiveOf(lines[1] as Record<string, unknown>).Dimensions).toEqual([['service']]);
  });
});
