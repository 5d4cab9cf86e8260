import { deliverOnce } from '../../../shared/delivery/deliver-once';
import { PipegateError } from '../../../shared/errors';
import type { PipelineLevelEvent } from '../../../shared/events/pipeline-event';
import type { Reaction } from '../../../shared/history/reaction';
import { semanticKey } from '../../../shared/history/semantic-key';
import { type IngestDeps, recordAndReact } from '../../../shared/ingest/ingest-envelope';
import { createNotifyReaction } from '../../../shared/notify/notify-execution';
import {
  type ApprovalWorld,
  approvalWorld,
  notifyDepsOf,
  testConfig,
} from '../../support/fakes/approval-world';
import { executionSummary } from '../approvals/link-fixtures';

/** A failed run is replied to in the card's thread and emailed: two deliveries with marks. */
const ROUTES = `
routes:
  - match: { pipelines: ["prod-*"] }
    slack: { channels: ["#deploys"], mentions: [U0ALICE01] }
    sns: { topics: [default] }
`;

const EXECUTION = '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';
/** SQS's visibility timeout: a failed record comes back after this long. */
const VISIBILITY_TIMEOUT_MS = 360_000;

const failed = (overrides: Partial<PipelineLevelEvent> = {}): PipelineLevelEvent => ({
  eventId: 'evt-failed',
  level: 'pipeline',
  pipeline: 'prod-api',
  executionId: EXECUTION,
  state: 'FAILED',
  time: '2026-09-01T11:59:00.000Z',
  attempt: 1,
  ...overrides,
});

const MARKS = ['slack:#deploys', 'sns:default'];

/** A run in progress (version 7) with routes for a reply and an email; ingest over the world's fakes. */
const worldWith = (...after: Reaction[]) => {
  const world = approvalWorld({ config: testConfig(ROUTES), summaries: [executionSummary()] });
  const notify = createNotifyReaction(notifyDepsOf(world));
  const deps: IngestDeps = {
    history: world.history,
    log: world.log,
    now: world.clock.now,
    reactions: [notify, ...after],
  };
  return { world, deps };
};

const marksOf = (world: ApprovalWorld, event = failed()) =>
  MARKS.map((target) => world.store.delivery(EXECUTION, target, semanticKey(event))?.state);
const replies = (world: ApprovalWorld) => world.chat.posted.filter((message) => message.threadTs);

/** A reaction after the notifications that fails once, like an approval store throttled for a moment. */
const failingOnce = (): Reaction => {
  let failures = 1;
  return async () => {
    if (failures-- > 0) throw new PipegateError('TRANSIENT', 'a later reaction was throttled');
  };
};

describe("ingest's delivery marks: held until the summary save proves the sends", () => {
  it('sends the reply and the email once and writes no `sent` mark when the summary is saved', async () => {
    // Prepare
    const { world, deps } = worldWith();
    const finish = jest.spyOn(world.store, 'finishDelivery');

    // Act
    const first = await recordAndReact(failed(), deps);
    const copy = await recordAndReact(failed({ eventId: 'evt-failed-copy' }), deps);

    // Assess: the claims' `sending` marks stay; the saved summary makes the copy a duplicate.
    expect(first.outcome).toBe('new');
    expect(copy.outcome).toBe('duplicate');
    expect(finish).not.toHaveBeenCalled();
    expect(marksOf(world)).toEqual(['sending', 'sending']);
    expect(replies(world)).toHaveLength(1);
    expect(world.mail.published).toHaveLength(1);
  });

  it('knows its own sends when the reactions run again after a lost version race', async () => {
    // Prepare: another writer saves the summary while this event reacts, once.
    let raced = false;
    const rival: Reaction = async () => {
      if (raced) return;
      raced = true;
      const stored = await world.history.getSummary(EXECUTION);
      if (stored) world.history.putSummary({ ...stored, version: stored.version + 1 });
    };
    const { world, deps } = worldWith(rival);
    const claims = jest.spyOn(world.store, 'claimDelivery');

    // Act
    const result = await recordAndReact(failed(), deps);

    // Assess: no retry asked of the transport, nothing sent twice, no claim tried again.
    expect(raced).toBe(true);
    expect(result.outcome).toBe('new');
    expect((await world.history.getSummary(EXECUTION))?.state).toBe('FAILED');
    expect(replies(world)).toHaveLength(1);
    expect(world.mail.published).toHaveLength(1);
    expect(claims).toHaveBeenCalledTimes(2);
    expect(marksOf(world)).toEqual(['sending', 'sending']);
  });

  it('writes the held marks when a later reaction fails, so the redelivery sends nothing again', async () => {
    // Prepare
    const { world, deps } = worldWith(failingOnce());

    // Act
    await expect(recordAndReact(failed(), deps)).rejects.toMatchObject({ code: 'TRANSIENT' });
    const marksAfterFailure = marksOf(world);
    world.clock.advance(10_000);
    const redelivered = await recordAndReact(failed(), deps);

    // Assess: written before the error reached the transport; the redelivery (even a young one) skips them.
    expect(marksAfterFailure).toEqual(['sent', 'sent']);
    expect(redelivered.outcome).toBe('new');
    expect(replies(world)).toHaveLength(1);
    expect(world.mail.published).toHaveLength(1);
  });

  it('writes the held marks when the summary save fails for another reason than a lost race', async () => {
    // Prepare
    const { world, deps } = worldWith();
    world.history.faults.failNext('saveSummary', new PipegateError('TRANSIENT', 'throttled'));

    // Act
    await expect(recordAndReact(failed(), deps)).rejects.toMatchObject({ message: 'throttled' });
    const marksAfterFailure = marksOf(world);
    const redelivered = await recordAndReact(failed(), deps);

    // Assess
    expect(marksAfterFailure).toEqual(['sent', 'sent']);
    expect(redelivered.outcome).toBe('new');
    expect(replies(world)).toHaveLength(1);
    expect(world.mail.published).toHaveLength(1);
  });

  it('leaves the marks `sending` when writing them fails too: never re-sent (at most once, as after a crash)', async () => {
    // Prepare
    const { world, deps } = worldWith(failingOnce());
    world.store.faults.failNext('finishDelivery', new PipegateError('TRANSIENT', 'table unreachable'), 2);

    // Act
    const first = recordAndReact(failed(), deps);
    await expect(first).rejects.toMatchObject({ message: 'a later reaction was throttled' });
    const marksAfterFailure = marksOf(world);
    world.clock.advance(10_000);
    const early = recordAndReact(failed({ eventId: 'evt-failed-copy' }), deps);
    await expect(early).rejects.toMatchObject({ code: 'TRANSIENT' });
    world.clock.advance(VISIBILITY_TIMEOUT_MS);
    const redelivered = await recordAndReact(failed(), deps);

    // Assess: the error that failed the event goes to the transport, the unwritten marks are logged; a copy
    // while they are young waits, the redelivery after the visibility timeout skips them and saves.
    expect(marksAfterFailure).toEqual(['sending', 'sending']);
    expect(world.log.messages('error')).toEqual([
      'a held delivery mark could not be written; it stays `sending` (never re-sent)',
      'a held delivery mark could not be written; it stays `sending` (never re-sent)',
    ]);
    expect(redelivered.outcome).toBe('new');
    expect((await world.history.getSummary(EXECUTION))?.state).toBe('FAILED');
    expect(replies(world)).toHaveLength(1);
    expect(world.mail.published).toHaveLength(1);
  });

  it('drops what a reaction held for a stale event too: its save records it, so a re-delivery is a duplicate', async () => {
    // Prepare: the run is on its second attempt; a first attempt's STARTED arrives late.
    const world = approvalWorld({
      summaries: [executionSummary({ attempt: 2, startRecorded: true })],
    });
    const written: string[] = [];
    const holding: Reaction = async (_outcome, held) => {
      held?.hold('mark', async () => {
        written.push('mark');
      });
    };
    const deps: IngestDeps = {
      history: world.history,
      log: world.log,
      now: world.clock.now,
      reactions: [holding],
    };

    // Act
    const result = await recordAndReact(failed({ state: 'STARTED' }), deps);
    const again = await recordAndReact(failed({ state: 'STARTED', eventId: 'evt-copy' }), deps);

    // Assess
    expect(result.outcome).toBe('stale');
    expect(again.outcome).toBe('duplicate');
    expect(written).toEqual([]);
  });

  it('drops what a reaction held once the summary is saved', async () => {
    // Prepare
    const world = approvalWorld({ summaries: [executionSummary()] });
    const written: string[] = [];
    const holding: Reaction = async (_outcome, held) => {
      held?.hold('mark', async () => {
        written.push('mark');
      });
    };

    // Act
    const result = await recordAndReact(failed(), {
      history: world.history,
      log: world.log,
      now: world.clock.now,
      reactions: [holding],
    });

    // Assess
    expect(result.outcome).toBe('new');
    expect(written).toEqual([]);
  });
});

describe('deliverOnce without held marks (approval requests, reminders, informs, sweeper notices)', () => {
  it('writes the `sent` mark at once: nothing is saved after these sends to prove them', async () => {
    // Prepare
    const world = approvalWorld();
    const delivery = { executionId: EXECUTION, target: 'sns:default', key: 'request' };

    // Act
    const result = await deliverOnce(delivery, async () => 'message-1', {
      store: world.store,
      log: world.log,
      now: world.clock.now,
    });

    // Assess
    expect(result).toBe('sent');
    expect(world.store.delivery(EXECUTION, 'sns:default', 'request')).toMatchObject({
      state: 'sent',
      ref: 'message-1',
    });
  });
});
