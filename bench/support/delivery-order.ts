import { randomUUID } from 'node:crypto';

export type Envelope = Record<string, unknown>;

export { seededRandom } from './seeded-random';

/**
 * Many runs at once, as EventBridge delivers them: within each run, every envelope is swapped with the run's
 * next one with probability `swapShare` (EventBridge does not keep order), then all runs are interleaved by
 * the time of the slot each envelope landed in (runs overlap when their start times are closer than their
 * length). Returns the stream and how many swaps it holds.
 */
export const interleaveRuns = (
  runs: readonly Envelope[][],
  swapShare: number,
  random: () => number,
): { stream: Envelope[]; swaps: number } => {
  let swaps = 0;
  const slotted = runs.flatMap((run) => {
    const envelopes = [...run];
    for (let i = 0; i + 1 < envelopes.length; i += 1) {
      if (random() >= swapShare) continue;
      [envelopes[i], envelopes[i + 1]] = [envelopes[i + 1] as Envelope, envelopes[i] as Envelope];
      swaps += 1;
      i += 1;
    }
    return envelopes.map((envelope, i) => ({ envelope, slot: String(run[i]?.time) }));
  });
  slotted.sort((a, b) => a.slot.localeCompare(b.slot));
  return { stream: slotted.map((entry) => entry.envelope), swaps };
};

/** A re-delivery: half keep the envelope id, half get a new one with the same content (both happen). */
export const redelivery = (envelope: Envelope, random: () => number): Envelope =>
  random() < 0.5 ? envelope : { ...envelope, id: randomUUID() };

/**
 * Adds re-deliveries of about `share` of the envelopes, each a few positions after its original (at most
 * `maxLag`), as at-least-once delivery does. Returns the stream and how many re-deliveries it holds.
 */
export const withRedeliveries = (
  unique: readonly Envelope[],
  share: number,
  maxLag: number,
  random: () => number,
): { deliveries: Envelope[]; duplicates: number } => {
  const placed = unique.map((envelope, index) => ({ envelope, at: index }));
  let duplicates = 0;
  unique.forEach((envelope, index) => {
    if (random() >= share) return;
    duplicates += 1;
    placed.push({ envelope: redelivery(envelope, random), at: index + 1 + random() * maxLag });
  });
  placed.sort((a, b) => a.at - b.at);
  return { deliveries: placed.map((entry) => entry.envelope), duplicates };
};

/** Splits a stream into SQS-sized batches, in order. */
export const inBatches = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
