import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import { type PipelineEvent, stageOf } from '../../../shared/events/pipeline-event';
import {
  EVENTS_PER_PAGE,
  type ExecutionSummary,
  WINDOW_MAX_BYTES,
} from '../../../shared/history/execution-summary';
import type { HistoryEntry, HistoryStore } from '../../../shared/history/history-store';
import { recordEvent } from '../../../shared/history/record-event';
import { semanticKey } from '../../../shared/history/semantic-key';
import { createSummaryCache } from '../../../shared/history/summary-cache';
import { loadExecution } from '../../support/fixtures';

/** In-memory history with the adapter's conditional semantics, counting the writes and reads it is asked for. */
const memoryHistory = () => {
  const pages = new Map<number, HistoryEntry[]>();
  let stored: ExecutionSummary | undefined;
  const writes: string[] = [];
  const pageReads: string[] = [];
  const store: HistoryStore = {
    getSummary: async () => (stored ? structuredClone(stored) : undefined),
    putEventPage: async (page) => {
      writes.push(`page ${page.index}`);
      pages.set(page.index, structuredClone(page.entries));
    },
    saveSummary: async (summary, expectedVersion) => {
      writes.push('summary');
      if (stored?.version !== expectedVersion) return 'conflict';
      stored = structuredClone(summary);
      return 'saved';
    },
    listPagedEvents: async (executionId) => {
      pageReads.push(executionId);
      return [...pages.entries()].sort(([a], [b]) => a - b).flatMap(([, entries]) => entries);
    },
    recordInvalidInput: async () => undefined,
    listIdle: async () => [],
    deferIdle: async () => undefined,
  };
  /** Every recorded event's key: the pages', then the summary's window. */
  const recordedKeys = (): string[] => [
    ...[...pages.values()].flat().map((entry) => entry.key),
    ...(stored?.recentEvents ?? []).map((entry) => entry.key),
  ];
  return { store, writes, pageReads, recordedKeys };
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
    expect(history.recordedKeys()).toContain(semanticKey(stageStarted));
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

describe('a late event recorded while the reactions could not run', () => {
  it('keeps its key for a re-delivery, which runs its reactions once', async () => {
    // Prepare: attempt 2 ran; attempt 1's stage FAILED (it changes nothing now) arrives while a secret is
    // missing.
    const history = memoryHistory();
    const started = named(run(), 'stage', 'FAILED', 'Build');
    // Same times, so the late event moves no start time either: it changes nothing at all.
    const retry = run().map((event) => ({ ...event, attempt: 2 })) as PipelineEvent[];
    for (const event of retry) await recordEvent(event, { history: history.store, now: () => new Date() });
    await recordEvent(started, { history: history.store, now: () => new Date(), deferReactions: true });
    const reacted: string[] = [];
    const deps = {
      history: history.store,
      now: () => new Date(),
      beforeSave: async (outcome: { outcome: string }) => {
        reacted.push(outcome.outcome);
      },
    };

    // Act
    const redelivered = await recordEvent({ ...started, eventId: 'a-fresh-envelope-id' }, deps);
    const again = await recordEvent(started, deps);

    // Assess: recorded once, reacted to once (as the late event it is), then a duplicate.
    expect(retry[0]?.attempt).toBe(2);
    expect(redelivered.outcome).toBe('stale');
    expect(again.outcome).toBe('duplicate');
    expect(reacted).toEqual(['stale']);
    expect(history.recordedKeys().filter((key) => key === semanticKey(started))).toHaveLength(1);
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
      expect(history.recordedKeys()).toContain(semanticKey(started));
      expect(again.outcome).toBe('duplicate');
    },
  );

  it("does not take another action execution's STARTED as proof in the same attempt", async () => {
    // Prepare: two executions of one action in attempt 1 (events without an attempt number): y started,
    // then x succeeded before its own STARTED arrived.
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const started = named(run(), 'action', 'STARTED', 'Build');
    const startedY = { ...started, actionExecutionId: 'y' } as PipelineEvent;
    const startedX = { ...started, actionExecutionId: 'x', time: '2026-11-21T14:20:00Z' } as PipelineEvent;
    const succeededX = { ...startedX, state: 'SUCCEEDED', time: '2026-11-21T14:25:00Z' } as PipelineEvent;
    await recordEvent(startedY, deps);
    await recordEvent(succeededX, deps);

    // Act
    const result = await recordEvent(startedX, deps);

    // Assess
    expect(result.outcome).not.toBe('duplicate');
    expect(history.recordedKeys()).toContain(semanticKey(startedX));
  });

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
    expect(history.recordedKeys()).toContain(semanticKey(retry as PipelineEvent));
  });
});

describe("the summary's window of recent events", () => {
  /** A run long enough to fill windows: the fixture's events, then the same run again as attempts 2 and 3. */
  const longRun = (): PipelineEvent[] => {
    const events = run();
    const later = (attempt: number) =>
      events.map((event) => ({
        ...event,
        attempt,
        time: new Date(Date.parse(event.time) + attempt * 3_600_000).toISOString(),
      }));
    return [...events, ...later(2), ...later(3)] as PipelineEvent[];
  };

  it('records every event once, moving each full window to a page: one write per event plus one per eight', async () => {
    // Prepare
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const events = longRun();

    // Act
    for (const event of events) await recordEvent(event, deps);

    // Assess
    const pages = Math.floor((events.length - 1) / EVENTS_PER_PAGE);
    expect(pages).toBeGreaterThan(1);
    expect(history.writes.filter((write) => write === 'summary')).toHaveLength(events.length);
    expect(history.writes.filter((write) => write.startsWith('page'))).toHaveLength(pages);
    expect(history.recordedKeys()).toEqual(events.map(semanticKey));
    expect(history.pageReads).toEqual([]);
  });

  it("catches a re-delivery the summary cannot prove (an earlier attempt's) once it moved to a page, with one read", async () => {
    // Prepare: attempt 1's stage FAILED now sits on page 0; attempt 2 ran since.
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const events = longRun();
    for (const event of events) await recordEvent(event, deps);
    const failedFirst = named(events, 'stage', 'FAILED', 'Build');
    const writesBefore = history.writes.length;

    // Act
    const result = await recordEvent({ ...failedFirst, eventId: 'a-fresh-envelope-id' }, deps);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(history.writes.slice(writesBefore)).toEqual([]);
    expect(history.pageReads).toHaveLength(1);
  });

  it("records an earlier attempt's event that arrives late for the first time, once", async () => {
    // Prepare: attempt 2 is under way; attempt 1's stage FAILED was never delivered.
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const events = longRun().slice(0, run().length * 2);
    const failedFirst = named(events, 'stage', 'FAILED', 'Build');
    for (const event of events) if (event !== failedFirst) await recordEvent(event, deps);

    // Act
    const late = await recordEvent(failedFirst, deps);
    const again = await recordEvent({ ...failedFirst, eventId: 'a-fresh-envelope-id' }, deps);

    // Assess: history only (the summary shows attempt 2); the re-delivery finds it in the window.
    expect(late.outcome).toBe('stale');
    expect(again.outcome).toBe('duplicate');
    expect(history.recordedKeys().filter((key) => key === semanticKey(failedFirst))).toHaveLength(1);
  });

  it('moves a window of large events to a page before it holds eight, so the summary stays bounded', async () => {
    // Prepare: failures with 5 KB summaries (free text nothing else bounds).
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const failed = named(run(), 'action', 'FAILED', 'Build');
    const events = Array.from({ length: 6 }, (_, n) => ({
      ...failed,
      attempt: n + 1,
      result: { summary: 'x'.repeat(5_000), errorCode: 'JobFailed' },
    })) as PipelineEvent[];

    // Act
    for (const event of events) await recordEvent(event, deps);

    // Assess: three such entries pass 16 KB, so page 0 holds three and the window the other three; the
    // window never holds more than 16 KB plus the event that joins it.
    expect(history.writes.filter((write) => write.startsWith('page'))).toEqual(['page 0']);
    expect(history.recordedKeys()).toEqual(events.map(semanticKey));
    const window = (await history.store.getSummary(failed.executionId))?.recentEvents ?? [];
    expect(window).toHaveLength(3);
    expect(JSON.stringify(window.slice(0, -1)).length).toBeLessThan(WINDOW_MAX_BYTES);
  });

  it('moves the same window again after a crash between the page and the summary, losing and doubling nothing', async () => {
    // Prepare: a full window; the save after the next page write fails once.
    const history = memoryHistory();
    const deps = { history: history.store, now: () => new Date() };
    const events = longRun().slice(0, EVENTS_PER_PAGE + 1);
    for (const event of events.slice(0, EVENTS_PER_PAGE)) await recordEvent(event, deps);
    const save = history.store.saveSummary;
    jest.spyOn(history.store, 'saveSummary').mockRejectedValueOnce(new Error('crashed'));
    const next = events[EVENTS_PER_PAGE] as PipelineEvent;
    await expect(recordEvent(next, deps)).rejects.toThrow('crashed');
    history.store.saveSummary = save;

    // Act
    const redelivered = await recordEvent(next, deps);

    // Assess
    expect(redelivered.outcome).toBe('new');
    expect(history.writes.filter((write) => write === 'page 0')).toHaveLength(2);
    expect(history.recordedKeys()).toEqual(events.map(semanticKey));
  });
});
