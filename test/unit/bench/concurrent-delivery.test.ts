import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { deliverConcurrently } from '../../../bench/support/concurrent-delivery';
import { seededRandom } from '../../../bench/support/seeded-random';
import type { IngestHandler } from '../../../test/faults/support/deliver';

const envelopes = Array.from({ length: 25 }, (_, index) => ({ id: `event-${index}` }));
const idOf = (body: string) => (JSON.parse(body) as { id: string }).id;

/** A container that records what it was given and fails the records `fails` picks. */
const container = (
  log: { receive: string; ids: string[]; running: number }[],
  state: { running: number; maxRunning: number },
  fails: (id: string, receive: string) => boolean,
): IngestHandler => {
  return async (event) => {
    const batch = event as SQSEvent;
    state.running += 1;
    state.maxRunning = Math.max(state.maxRunning, state.running);
    const receive = batch.Records[0]?.attributes.ApproximateReceiveCount ?? '?';
    log.push({ receive, ids: batch.Records.map((r) => idOf(r.body)), running: state.running });
    // Let the other containers start: invocations overlap as they do in Lambda.
    await new Promise((resolve) => setImmediate(resolve));
    state.running -= 1;
    log.push({ receive: `end ${receive}`, ids: [], running: state.running });
    const failures = batch.Records.filter((r) => fails(idOf(r.body), receive));
    return {
      batchItemFailures: failures.map((r) => ({ itemIdentifier: r.messageId })),
    } satisfies SQSBatchResponse;
  };
};

describe('deliverConcurrently', () => {
  it('delivers every copy in batches of at most 10 to several containers at once', async () => {
    // Prepare
    const log: { receive: string; ids: string[]; running: number }[] = [];
    const state = { running: 0, maxRunning: 0 };
    const containers = [1, 2, 3].map(() => container(log, state, () => false));

    // Act
    const delivery = await deliverConcurrently(containers, envelopes, {
      copies: 3,
      random: seededRandom(1),
      maxReceives: 4,
    });

    // Assess
    expect(delivery.received).toBe(75);
    expect(delivery.batches).toBe(8);
    expect(delivery.dlq).toEqual([]);
    expect(Math.max(...log.map((entry) => entry.ids.length))).toBe(10);
    expect(log.filter((entry) => entry.ids.length > 0)).toHaveLength(8);
    const counts = new Map<string, number>();
    for (const id of log.flatMap((entry) => entry.ids)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].every((count) => count === 3)).toBe(true);
    expect(counts.size).toBe(25);
    expect(state.maxRunning).toBe(3);
  });

  it('redelivers failed records only after every invocation of the receive has ended, then parks them in the DLQ', async () => {
    // Prepare: event-3 fails every time, event-4 only on its first receive
    const log: { receive: string; ids: string[]; running: number }[] = [];
    const state = { running: 0, maxRunning: 0 };
    const fails = (id: string, receive: string) => id === 'event-3' || (id === 'event-4' && receive === '1');
    const containers = [1, 2].map(() => container(log, state, fails));

    // Act
    const delivery = await deliverConcurrently(containers, envelopes, {
      copies: 1,
      random: seededRandom(2),
      maxReceives: 3,
    });

    // Assess
    const timeline = log.map((entry) => entry.receive);
    // Receive 2 starts after the last invocation of receive 1 has ended, receive 3 after receive 2.
    expect(timeline.indexOf('2')).toBeGreaterThan(timeline.lastIndexOf('end 1'));
    expect(timeline.indexOf('3')).toBeGreaterThan(timeline.lastIndexOf('end 2'));
    expect(
      log
        .filter((entry) => entry.receive !== '1' && entry.ids.length > 0)
        .flatMap((entry) => entry.ids)
        .sort(),
    ).toEqual(['event-3', 'event-3', 'event-4']);
    expect(delivery.dlq).toEqual([{ id: 'event-3' }]);
    expect(delivery.redelivered).toEqual([2, 1]);
  });

  it('receives the whole batch again when the invocation throws', async () => {
    // Prepare
    let calls = 0;
    const flaky: IngestHandler = async () => {
      calls += 1;
      if (calls === 1) throw new Error('cold start failed');
      return { batchItemFailures: [] };
    };

    // Act
    const delivery = await deliverConcurrently([flaky], envelopes.slice(0, 5), {
      copies: 1,
      random: seededRandom(3),
      maxReceives: 2,
    });

    // Assess
    expect(delivery.received).toBe(10);
    expect(delivery.redelivered).toEqual([5]);
    expect(delivery.dlq).toEqual([]);
  });
});
