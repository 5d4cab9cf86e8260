import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

/** A clean environment, as in a fresh shell: no AWS settings, no endpoint, no table. */
export const freshEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  ...extra,
});

export interface Started {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the output matches, rejects when the process exits first. */
  waitFor: (pattern: RegExp) => Promise<void>;
  exited: Promise<number | null>;
}

/** Runs `npm start`'s entry (local/start.ts) the way `tsx` does, in one process so its pid is the stack's. */
export const startLocal = (env: NodeJS.ProcessEnv): Started => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { cwd: ROOT, env });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(text)) {
          listeners.delete(check);
          resolve();
        }
      };
      listeners.add(check);
      check();
      void exited.then((code) => reject(new Error(`exited (${code}) before ${pattern}:\n${text}`)));
    });
  return { child, output: () => text, waitFor, exited };
};

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (bin/pipegate.cjs) from a directory outside the repository. */
export const pipegate = (args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'pipegate.cjs'), ...args],
      { cwd, env, timeout: 100_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
