import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import type { PipelineEvent } from '../../../shared/events/pipeline-event';
import { applyEvent } from '../../../shared/history/apply-event';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import { loadExecution, shuffled } from '../../support/fixtures';

const FOLDERS = readdirSync(join(__dirname, '..', '..', '..', 'events', 'codepipeline', 'executions'));
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

const applyAll = (events: readonly PipelineEvent[]) => {
  let summary: ExecutionSummary | undefined;
  let unchanged = 0;
  for (const event of events) {
    const applied = applyEvent(summary, event);
    if (!applied.changed) unchanged += 1;
    summary = applied.summary;
  }
  return { summary, unchanged };
};

/** Every event a second time, at a seeded random place after its first delivery. */
const withEachTwice = (events: readonly PipelineEvent[], seed: number): PipelineEvent[] => {
  const stream = [...events];
  const positions = shuffled(
    events.map((_, index) => index),
    seed,
  );
  for (const [n, original] of events.entries()) {
    const after = stream.indexOf(original);
    const offset = (positions[n] ?? 0) % (stream.length - after);
    stream.splice(after + 1 + offset, 0, structuredClone(original));
  }
  return stream;
};

describe('applyEvent dedupes by idempotence (no list of seen events)', () => {
  it.each(FOLDERS.flatMap((folder) => SEEDS.map((seed) => [folder, seed] as const)))(
    '%s, order #%i: every event twice gives the summary of every event once',
    (folder, seed) => {
      // Prepare
      const events = shuffled(loadExecution(folder), seed).map(parsePipelineEvent);
      const once = applyAll(events).summary;

      // Act
      const twice = applyAll(withEachTwice(events, seed));

      // Assess
      expect(twice.summary).toEqual(once);
      expect(twice.unchanged).toBeGreaterThanOrEqual(events.length);
    },
  );

  it('reports an event the summary already reflects as unchanged, and keeps the version', () => {
    // Prepare
    const [first, second] = loadExecution('prod-api-build-failed').map(parsePipelineEvent);
    if (!first || !second) throw new Error('fixture too short');
    const { summary } = applyAll([first, second]);
    if (!summary) throw new Error('no summary');

    // Act
    const again = applyEvent(summary, first);

    // Assess
    expect(again.changed).toBe(false);
    expect(again.summary.version).toBe(summary.version);
  });

  it('keeps the summary the same size through 5 000 re-deliveries and retries of one run', () => {
    // Prepare
    const events = loadExecution('prod-api-build-failed').map(parsePipelineEvent);
    const afterOneRun = JSON.stringify(applyAll(events).summary).length;
    const retries = Array.from({ length: 5_000 }, (_, n) => {
      const event = events[n % events.length] as PipelineEvent;
      // Retried stages and actions re-run under the same names with a higher attempt.
      return { ...event, attempt: event.attempt + Math.floor(n / events.length) };
    });

    // Act
    const size = JSON.stringify(applyAll([...events, ...retries]).summary).length;

    // Assess
    expect(size).toBeLessThanOrEqual(afterOneRun * 1.2);
  });
});
