import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import type { PipelineEvent } from '../../../shared/events/pipeline-event';
import { applyEvent } from '../../../shared/history/apply-event';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import { type Recorded, recordEvent } from '../../../shared/history/record-event';
import { createRollupReaction } from '../../../shared/metrics/rollup-reaction';
import type { RollupStore } from '../../../shared/metrics/rollup-store';
import type { RunFact } from '../../../shared/metrics/run-fact';
import { InMemoryHistoryStore } from '../../support/fakes/history-store';
import { RecordingLog } from '../../support/fakes/log';
import { loadExecution } from '../../support/fixtures';

/** The rollup port in memory: every fact it was asked to write, in order. */
const recordingRollups = () => {
  const written: RunFact[] = [];
  const rollups: RollupStore = {
    record: async (fact) => {
      written.push(structuredClone(fact));
    },
  };
  return { rollups, written };
};

const reactionWith = (rollups: RollupStore) => createRollupReaction({ rollups, log: new RecordingLog() });

// The recorded successful run, in CodePipeline's order: …, 15 deploy action STARTED, 16 its SUCCEEDED,
// 17 stage Deploy SUCCEEDED, 18 pipeline SUCCEEDED.
const events = (): PipelineEvent[] => loadExecution('prod-api-success').map(parsePipelineEvent);
const at = (index: number): PipelineEvent => events()[index - 1] as PipelineEvent;
const summaryAfter = (count: number): ExecutionSummary => {
  let summary: ExecutionSummary | undefined;
  for (const event of events().slice(0, count)) summary = applyEvent(summary, event).summary;
  return summary as ExecutionSummary;
};
/** The pipeline's SUCCEEDED before the Deploy stage's own events (it happens: events are not ordered). */
const finalFirst = (): ExecutionSummary => applyEvent(summaryAfter(15), at(18)).summary;

const recorded = (
  event: PipelineEvent,
  summary: ExecutionSummary,
  previous: ExecutionSummary | undefined,
  outcome: Recorded['outcome'] = 'new',
): Recorded => ({ outcome, event, summary, previous });

describe('the rollup reaction writes a run fact only when it changed', () => {
  it('writes the fact when the run becomes final', async () => {
    // Prepare
    const { rollups, written } = recordingRollups();

    // Act
    await reactionWith(rollups)(recorded(at(18), summaryAfter(18), summaryAfter(17)));

    // Assess
    expect(written).toEqual([
      expect.objectContaining({ id: at(18).executionId, state: 'SUCCEEDED', pipeline: 'prod-api' }),
    ]);
  });

  it('writes nothing while the run is not final', async () => {
    // Prepare
    const { rollups, written } = recordingRollups();

    // Act
    await reactionWith(rollups)(recorded(at(17), summaryAfter(17), summaryAfter(16)));

    // Assess
    expect(written).toEqual([]);
  });

  it('writes nothing for a late event that leaves the fact as it was (an action outside approvals)', async () => {
    // Prepare
    const { rollups, written } = recordingRollups();
    const before = finalFirst();
    const after = applyEvent(before, at(16)).summary;

    // Act
    await reactionWith(rollups)(recorded(at(16), after, before));

    // Assess
    expect(after.version).toBeGreaterThan(before.version);
    expect(written).toEqual([]);
  });

  it('re-writes the fact when a late event moves it (the last stage ends after the run)', async () => {
    // Prepare
    const { rollups, written } = recordingRollups();
    const before = applyEvent(finalFirst(), at(16)).summary;
    const after = applyEvent(before, at(17)).summary;

    // Act
    await reactionWith(rollups)(recorded(at(17), after, before));

    // Assess
    expect(written).toEqual([
      expect.objectContaining({
        stages: expect.objectContaining({ Deploy: { state: 'SUCCEEDED', ms: 334_000 } }),
      }),
    ]);
  });

  it('re-writes the fact a stale event moves (a stage STARTED arriving after its SUCCEEDED)', async () => {
    // Prepare: stage Deploy's STARTED (14) is the last to arrive, so its duration is known only then.
    const { rollups, written } = recordingRollups();
    let before: ExecutionSummary | undefined;
    for (const event of events().filter((_, index) => index !== 13))
      before = applyEvent(before, event).summary;
    const applied = applyEvent(before, at(14));

    // Act
    await reactionWith(rollups)(recorded(at(14), applied.summary, before, 'stale'));

    // Assess
    expect(applied.advanced).toBe(false);
    expect(written).toEqual([
      expect.objectContaining({
        stages: expect.objectContaining({ Deploy: { state: 'SUCCEEDED', ms: 334_000 } }),
      }),
    ]);
  });

  it('writes when there is no previous summary to compare with (a replay)', async () => {
    // Prepare
    const { rollups, written } = recordingRollups();

    // Act
    await reactionWith(rollups)({ ...recorded(at(18), summaryAfter(18), undefined), replay: true });

    // Assess
    expect(written).toHaveLength(1);
  });

  it('writes when the previous summary still has events whose reactions did not run', async () => {
    // Prepare: the final event was recorded while reactions could not run, so its fact was never written.
    const { rollups, written } = recordingRollups();
    const before = { ...finalFirst(), unreacted: ['pipeline#SUCCEEDED'] };
    const after = applyEvent(before, at(16)).summary;

    // Act
    await reactionWith(rollups)(recorded(at(16), after, before));

    // Assess
    expect(written).toHaveLength(1);
  });
});

describe('the rollup reaction under ingest (recordEvent, in-memory history)', () => {
  it('writes a run out of order twice (final state, then its last stage) and nothing for the rest', async () => {
    // Prepare: the run with the pipeline's SUCCEEDED before the Deploy action's and stage's, then re-delivered.
    const { rollups, written } = recordingRollups();
    const history = new InMemoryHistoryStore();
    const reaction = reactionWith(rollups);
    const all = events();
    const order = [...all.slice(0, 15), all[17], all[15], all[16], all[17], all[16]] as PipelineEvent[];

    // Act
    for (const event of order) {
      await recordEvent(event, {
        history,
        now: () => new Date('2026-11-20T11:00:00Z'),
        beforeSave: reaction,
      });
    }

    // Assess
    expect(written.map((fact) => fact.stages.Deploy)).toEqual([
      { state: 'STARTED' },
      { state: 'SUCCEEDED', ms: 334_000 },
    ]);
  });
});
