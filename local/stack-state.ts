import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { PipegateError } from '../shared/errors';

// `npm start` records where its stack listens (dynalite's port is random on every start), so the CLI run from
// any shell finds it without exporting anything. Kept free of dev-only imports: the CLI bundle includes it.

const stackStateSchema = z.object({
  pid: z.number().int().positive(),
  webUrl: z.string().url(),
  dynamodbEndpoint: z.string().url(),
  table: z.string().min(1),
  startedAt: z.string(),
});

/** What `npm start` writes to `<data dir>/stack.json` while it runs. */
export type StackState = z.infer<typeof stackStateSchema>;

/** `<data dir>/stack.json`: the data dir is PIPEGATE_LOCAL_DATA, else `.local-data/` in the repository. */
export const stackStatePath = (dataDir: string): string => join(dataDir, 'stack.json');

/** The data directory `npm start` uses and the CLI looks in, given the repository root. */
export const localDataDir = (env: Record<string, string | undefined>, repoRoot: string): string =>
  env.PIPEGATE_LOCAL_DATA || join(repoRoot, '.local-data');

/** Records the running stack (overwrites any previous record). */
export const writeStackState = (path: string, state: StackState): void => {
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
};

/**
 * Reads the record of a running stack; undefined when there is none.
 * @throws PipegateError INVALID_CONFIG naming the file when it exists but is not a record `npm start` wrote
 */
export const readStackState = (path: string): StackState | undefined => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = stackStateSchema.safeParse(parsed);
  if (!result.success) {
    throw new PipegateError('INVALID_CONFIG', `${path} is not a record of a running local stack: delete it`);
  }
  return result.data;
};

/** Removes the record, but only if it is still this process's (a newer stack may have replaced it). */
export const removeStackState = (path: string, pid: number): void => {
  const current = (() => {
    try {
      return readStackState(path);
    } catch {
      return undefined;
    }
  })();
  if (current?.pid === pid) rmSync(path, { force: true });
};

/** True while the process that wrote a record still runs (signal 0 only checks; EPERM means it exists). */
export const isProcessAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPERM';
  }
};
