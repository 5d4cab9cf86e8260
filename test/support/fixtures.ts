import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const EVENTS = join(__dirname, '..', '..', 'events');

/** Reads a fixture from events/ as parsed JSON. */
export const loadFixture = (relativePath: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(EVENTS, relativePath), 'utf8')) as Record<string, unknown>;

/** Reads a fixture from events/ as the raw text a transport would deliver. */
export const loadFixtureText = (relativePath: string): string =>
  readFileSync(join(EVENTS, relativePath), 'utf8');

/** All envelopes of a recorded execution folder, in the order CodePipeline emitted them. */
export const loadExecution = (folder: string): Record<string, unknown>[] =>
  readdirSync(join(EVENTS, 'codepipeline', 'executions', folder))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => loadFixture(join('codepipeline', 'executions', folder, file)));

/** Lists fixture files under a folder of events/. */
export const listFixtures = (folder: string): string[] =>
  readdirSync(join(EVENTS, folder))
    .filter((file) => file.endsWith('.json'))
    .map((file) => join(folder, file));

/** Deterministic shuffle (seeded), so a failing order can be reproduced. */
export const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
};

/** A copy of an envelope as EventBridge would re-deliver it with a fresh envelope id. */
export const withNewId = (envelope: Record<string, unknown>, id: string): Record<string, unknown> => ({
  ...envelope,
  id,
});
