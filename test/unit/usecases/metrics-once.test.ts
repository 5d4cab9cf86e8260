import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import type { PipelineEvent } from '../../../shared/events/pipeline-event';
import type { Reaction } from '../../../shared/history/reaction';
import { type IngestDeps, recordAndReact } from '../../../shared/ingest/ingest-envelope';
import { silentLog } from '../../../shared/logging/log';
import { createCloudWatchReaction } from '../../../shared/metrics/cloudwatch-reaction';
import type { OpsMetricName, OpsMetrics } from '../../../shared/metrics/ops-metrics';
import { InMemoryHistoryStore } from '../../support/fakes/history-store';
import { loadExecution } from '../../support/fixtures';

/** Metrics that remember what was emitted. */
const recordingMetrics = () => {
  const emitted: OpsMetricName[] = [];
  const metrics: OpsMetrics = {
    count: (name) => emitted.push(name),
    milliseconds: (name) => emitted.push(name),
  };
  return { metrics, emitted };
};

/** A reaction that holds every caller until `parties` of them arrived: both copies react on the same read. */
const barrier = (parties: number): Reaction => {
  let arrived = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived === parties) open();
    await opened;
  };
};

/** A run recorded up to its final state (without reactions), and that final state, not delivered yet. */
const runUpToFinal = async () => {
  const history = new InMemoryHistoryStore();
  const events = loadExecution('prod-api-success').map(parsePipelineEvent);
  const final = events.at(-1) as PipelineEvent;
  const base: IngestDeps = { history, log: silentLog, now: () => new Date() };
  for (const event of events.slice(0, -1)) await recordAndReact(event, base);
  return { history, final, base };
};

describe('CloudWatch metrics of an event two copies record at once', () => {
  it('are emitted once, by the copy whose save records the event', async () => {
    // Prepare: the run up to its final state, then two containers get the final state at the same moment.
    const { final, base } = await runUpToFinal();
    const { metrics, emitted } = recordingMetrics();
    const copies = barrier(2);
    const container = (): IngestDeps => ({
      ...base,
      reactions: [createCloudWatchReaction({ metrics, production: [] }), copies],
    });

    // Act
    const outcomes = await Promise.all([
      recordAndReact(final, container()),
      recordAndReact({ ...final, eventId: 'a-fresh-envelope-id' }, container()),
    ]);

    // Assess: both reacted on the same summary; one save won, the other found the event recorded.
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['duplicate', 'new']);
    expect(emitted).toEqual(['ExecutionOutcome']);
  });

  it('are not emitted when the save fails, and are on the re-delivery that saves', async () => {
    // Prepare
    const { history, final, base } = await runUpToFinal();
    const { metrics, emitted } = recordingMetrics();
    const deps: IngestDeps = { ...base, reactions: [createCloudWatchReaction({ metrics, production: [] })] };
    history.faults.failNext('saveSummary', new Error('throttled'));

    // Act
    await expect(recordAndReact(final, deps)).rejects.toThrow('throttled');
    const emittedAfterFailure = [...emitted];
    await recordAndReact(final, deps);

    // Assess
    expect(emittedAfterFailure).toEqual([]);
    expect(emitted).toEqual(['ExecutionOutcome']);
  });
});
