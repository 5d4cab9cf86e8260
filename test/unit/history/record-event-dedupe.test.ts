import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import { type PipelineEvent, stageOf } from '../../../shared/events/pipeline-event';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import type { HistoryEntry, HistoryStore } from '../../../shared/history/history-store';
import { recordEvent } from '../../../shared/history/record-event';
import { semanticKey } from '../../../shared/history/semantic-key';
import { createSummaryCache } from '../../../shared/history/summary-cache';
import { loadExecution } from '../../support/fixtures';

/** In-memory history with the adapter's conditional semantics, counting the writes it is asked for. */
const memoryHistory = () => {
  const events = new Map<string, HistoryEntry>();
  let stored: ExecutionSummary | undefined;
  const writes: string[] = [];
  const store: HistoryStore = {
    getSummary: async () => (stored ? structuredClone(stored) : undefined),
    putEvent: async (entry) => {
      writes.push(`event ${entry.key}`);
      if (events.has(entry.key)) return 'exists';
      events.set(entry.key, entry);
      return 'created';
    },
    saveSummary: async (summary, expectedVersion) => {
      writes.push('summary');
      if (stored?.version !== expectedVersion) return 'conflict';
      stored = structuredClone(summary);
      return 'saved';
    },
    getEvent: async (_executionId, key) => events.get(key),
    recordInvalidInput: async () => undefined,
    listIdle: async () => [],
    deferIdle: async () => undefined,
  };
  return { store, writes, events };
};

const run = (): PipelineEvent[] => loadExecution('prod-api-build-failed').map(parsePipelineEvent);
const named = (events: PipelineEvent[], level: string, state: string, stage?: string): PipelineEvent => {
  const found = events.find((e) => e.level === level && e.state === state && stageOf(e) === stage);
  if (!found) throw new Error(`no ${level} ${state} ${stage ?? ''} in the fixture`);
  return found;
};

/** A process with a summary cache on a clock the test moves, and a spy on the summary reads. */
const cachedWorld = () => {
  const history = memoryHistory();
  const reads = jest.spyOn(history.store, 'getSummary');
  let at = 0;
  const clock = { advance: (ms: number) => (at += ms) };
  const deps = {
    history: history.store,
    now: () => new Date(),
    cache: createSummaryCache({ now: () => at }),
  };
  return { reads, deps, clock };
};

describe('recording a re-delivered event', () => {
  it('costs no write when the saved summary already shows it (re-delivery with a fresh envelope id)', async () => {
    // Prepare
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const events = run();
    for (const event of events.slice(0, 4)) await recordEvent(event, deps);
    const writesBefore = history.writes.length;
    const again = { ...(events[3] as PipelineEvent), eventId: 'a-fresh-envelope-id' };

    // Act
    const result = await recordEvent(again, deps);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(history.writes.slice(writesBefore)).toEqual([]);
  });

  it('skips the write from the summary this process cached, without reading either', async () => {
    // Prepare
    const history = memoryHistory();
    const reads = jest.spyOn(history.store, 'getSummary');
    const deps = { history: history.store, now: () => new Date(), cache: createSummaryCache() };
    const [first] = run();
    await recordEvent(first as PipelineEvent, deps);
    reads.mockClear();
    const writesBefore = history.writes.length;

    // Act
    const result = await recordEvent(first as PipelineEvent, deps);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(reads).not.toHaveBeenCalled();
    expect(history.writes.slice(writesBefore)).toEqual([]);
  });

  it('proves a re-delivery minutes later from the cached summary, but reads before applying a new event', async () => {
    // Prepare: this process saved the run's first two events; a minute passes (past the 5 s an entry is fresh).
    const { reads, deps, clock } = cachedWorld();
    const [first, second, third] = run();
    await recordEvent(first as PipelineEvent, deps);
    await recordEvent(second as PipelineEvent, deps);
    clock.advance(60_000);
    reads.mockClear();

    // Act
    const again = await recordEvent({ ...(first as PipelineEvent), eventId: 'a-late-copy' }, deps);
    const readsForCopy = reads.mock.calls.length;
    const next = await recordEvent(third as PipelineEvent, deps);

    // Assess
    expect(again.outcome).toBe('duplicate');
    expect(readsForCopy).toBe(0);
    expect(next.outcome).toBe('new');
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('forgets a cached summary after ten minutes', async () => {
    // Prepare
    const { reads, deps, clock } = cachedWorld();
    const [first] = run();
    await recordEvent(first as PipelineEvent, deps);
    clock.advance(10 * 60_000 + 1);
    reads.mockClear();

    // Act
    const again = await recordEvent(first as PipelineEvent, deps);

    // Assess: still a duplicate, proven by the table this time.
    expect(again.outcome).toBe('duplicate');
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('still writes the history of a stage STARTED that its action already implied', async () => {
    // Prepare: the action event arrives first and implies its stage started (no stage event recorded).
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const events = run();
    const actionStarted = events.find((e) => e.level === 'action' && e.state === 'STARTED') as PipelineEvent;
    const stageStarted = named(events, 'stage', 'STARTED', stageOf(actionStarted));
    await recordEvent({ ...actionStarted, time: stageStarted.time }, deps);

    // Act
    await recordEvent(stageStarted, deps);

    // Assess: the stage event's own history item exists (the timeline shows it).
    expect(history.events.has(semanticKey(stageStarted))).toBe(true);
  });

  it('costs no write for a re-delivered stage STARTED once the stage event itself was applied', async () => {
    // Prepare: the action came first (stage implied), then the stage's own STARTED.
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const events = run();
    const actionStarted = events.find((e) => e.level === 'action' && e.state === 'STARTED') as PipelineEvent;
    const stageStarted = named(events, 'stage', 'STARTED', stageOf(actionStarted));
    await recordEvent({ ...actionStarted, time: stageStarted.time }, deps);
    await recordEvent(stageStarted, deps);
    const writesBefore = history.writes.length;

    // Act
    const result = await recordEvent({ ...stageStarted, eventId: 'a-fresh-envelope-id' }, deps);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(history.writes.slice(writesBefore)).toEqual([]);
  });

  it('finishes the reactions of an event recorded while they could not run', async () => {
    // Prepare
    const history = memoryHistory();
    const [first] = run() as [PipelineEvent];
    await recordEvent(first, { history: history.store, now: () => new Date(), deferReactions: true });
    const reacted: string[] = [];

    // Act
    const result = await recordEvent(first, {
      history: history.store,
      now: () => new Date(),
      beforeSave: async (outcome) => {
        reacted.push(outcome.outcome);
      },
    });

    // Assess
    expect(result.outcome).toBe('new');
    expect(reacted).toEqual(['new']);
  });
});

describe('a re-delivered STARTED that a later state superseded', () => {
  const levels: Array<[string, string | undefined]> = [
    ['pipeline', undefined],
    ['stage', 'Build'],
    ['action', 'Build'],
  ];

  it.each(levels)('costs no write at %s level once its STARTED was applied', async (level, stage) => {
    // Prepare: the whole run, so every STARTED is superseded by a later state.
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const events = run();
    for (const event of events) await recordEvent(event, deps);
    const started = named(events, level, 'STARTED', stage);
    const writesBefore = history.writes.length;

    // Act
    const result = await recordEvent({ ...started, eventId: 'a-fresh-envelope-id' }, deps);

    // Assess: decided from the summary read; no refused conditional put.
    expect(result.outcome).toBe('duplicate');
    expect(history.writes.slice(writesBefore)).toEqual([]);
  });

  it.each(levels)(
    'is still recorded at %s level when it arrives after its later state',
    async (level, stage) => {
      // Prepare: everything but this STARTED.
      const history = memoryHistory();
      const deps = { history: history.store, now: () => new Date() };
      const events = run();
      const started = named(events, level, 'STARTED', stage);
      for (const event of events) if (event !== started) await recordEvent(event, deps);

      // Act
      await recordEvent(started, deps);
      const again = await recordEvent({ ...started, eventId: 'a-fresh-envelope-id' }, deps);

      // Assess: its history item exists, and only then is a re-delivery free.
      expect(history.events.has(semanticKey(started))).toBe(true);
      expect(again.outcome).toBe('duplicate');
    },
  );

  it("does not take an earlier attempt's STARTED as proof for a retry's", async () => {
    // Prepare: attempt 1 started and failed the stage; attempt 2's stage is seen only as SUCCEEDED.
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const events = run();
    const started = named(events, 'stage', 'STARTED', 'Build');
    const failed = named(events, 'stage', 'FAILED', 'Build');
    await recordEvent(started, deps);
    await recordEvent(failed, deps);
    const retry = { ...started, attempt: 2, time: '2026-11-21T16:00:00Z' };
    await recordEvent({ ...retry, state: 'SUCCEEDED', time: '2026-11-21T16:05:00Z' } as PipelineEvent, deps);

    // Act
    await recordEvent(retry as PipelineEvent, deps);

    // Assess
    expect(history.events.has(semanticKey(retry as PipelineEvent))).toBe(true);
  });
});
