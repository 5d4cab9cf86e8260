import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../support/local-harness';
import { freshEnv, pipegate, type Started, startLocal } from './start-process';

// `npm start` and the CLI as a newcomer meets them: real processes, a fresh environment (only PATH, HOME and
// the data directory, so a developer's own running stack is never touched), the CLI run from outside the repo.

const UP = /local stack is up/;
let work: string;
let dataDir: string;
let first: Started;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pipegate-start-'));
  dataDir = join(work, 'data');
  first = startLocal(freshEnv({ PIPEGATE_LOCAL_DATA: dataDir, PORT: '0', PIPEGATE_SIM_PACE_MS: '50' }));
  await first.waitFor(UP);
});

afterAll(async () => {
  if (first.child.exitCode === null) {
    first.child.kill('SIGTERM');
    await first.exited;
  }
  rmSync(work, { recursive: true, force: true });
});

describe('the CLI from a fresh shell', () => {
  it('finds the running local stack by itself and lists the pending approval', async () => {
    // Prepare
    const env = freshEnv({ PIPEGATE_LOCAL_DATA: dataDir });

    // Act
    const run = await waitFor(async () => {
      const attempt = await pipegate(['pending'], env, work);
      return attempt.stdout.includes('prod-api') ? attempt : undefined;
    }, 30_000);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Approval\/ManualApproval/);
  });

  it('says to run `npm start` when the endpoint it is given does not answer', async () => {
    // Prepare: a port that was free a moment ago.
    const port = await new Promise<number>((resolve) => {
      const server: Server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });

    // Act
    const run = await pipegate(
      ['pending'],
      freshEnv({ AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}` }),
      work,
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is `npm start` running?');
  });

  it('says what to set when there is no region and no local stack', async () => {
    // Act
    const run = await pipegate(['pending'], freshEnv({ PIPEGATE_LOCAL_DATA: join(work, 'none') }), work);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no AWS region and no running local stack: start one with `npm start`/);
  });
});

describe('npm start', () => {
  it('keeps the functions’ EMF metric lines out of the console, in the data folder’s metrics.log', async () => {
    // Prepare: the simulator's runs go through ingest, which emits metrics (a first event, stage durations).
    const metricsLog = join(dataDir, 'metrics.log');

    // Act
    await waitFor(
      async () => (readFileSync(metricsLog, 'utf8').includes('"_aws"') ? true : undefined),
      30_000,
    );

    // Assess
    expect(first.output()).toContain(`metrics.log`);
    expect(first.output()).not.toContain('"_aws"');
  });

  it('refuses a second start on the same data without touching the running stack', async () => {
    // Prepare
    const before = readFileSync(join(dataDir, 'stack.json'), 'utf8');

    // Act
    const second = startLocal(freshEnv({ PIPEGATE_LOCAL_DATA: dataDir, PORT: '0' }));
    const code = await second.exited;

    // Assess
    expect(code).toBe(1);
    expect(second.output()).toMatch(/already running \(pid \d+, http:\/\/localhost:\d+\)/);
    expect(second.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
    expect(readFileSync(join(dataDir, 'stack.json'), 'utf8')).toBe(before);
    const stillServing = await pipegate(['pending'], freshEnv({ PIPEGATE_LOCAL_DATA: dataDir }), work);
    expect(stillServing.stdout).toContain('prod-api');
  });

  it('names PORT when the port is taken, before creating or wiping anything', async () => {
    // Prepare
    const busy = await new Promise<Server>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
    });
    const { port } = busy.address() as AddressInfo;
    const otherData = join(work, 'other');

    // Act
    const second = startLocal(freshEnv({ PIPEGATE_LOCAL_DATA: otherData, PORT: String(port) }));
    const code = await second.exited;
    busy.close();

    // Assess
    expect(code).toBe(1);
    expect(second.output()).toContain(`port ${port} is in use`);
    expect(second.output()).toContain(`PORT=${port + 1} npm start`);
    expect(second.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
    expect(existsSync(otherData)).toBe(false);
  });

  it('stops at a bad PIPEGATE_CONFIG with the one message that names the problem', async () => {
    // Prepare
    const bad = join(work, 'bad.config.yaml');
    writeFileSync(
      bad,
      'routes:\n  - match: { pipelines: ["prod-*"], states: [FAILD] }\n    slack: { channels: ["#x"] }\n',
    );
    const otherData = join(work, 'bad-config');

    // Act
    const started = startLocal(freshEnv({ PIPEGATE_LOCAL_DATA: otherData, PORT: '0', PIPEGATE_CONFIG: bad }));
    const code = await started.exited;

    // Assess
    expect(code).toBe(1);
    expect(started.output()).toContain('"FAILD" is not a CodePipeline state');
    expect(started.output()).toContain('(line 2)');
    expect(started.output()).not.toMatch(UP);
    expect(started.output().trim().split('\n').length).toBeLessThan(10);
    expect(existsSync(otherData)).toBe(false);
  });
});
