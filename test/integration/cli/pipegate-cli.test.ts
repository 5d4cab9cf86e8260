import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedJulyDataset, TRICKY_COMMENT } from '../audit/support/july-dataset';
import { readCsv } from '../audit/support/read-csv';
import { createSeeder } from '../audit/support/seed-audit-data';
import { createTestTable, dynamoClient } from '../support/test-table';

// Each case starts a real process (node running the built bin/pipegate.cjs), so allow for a slow machine.

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'pipegate.cjs');
let tableName: string;
let outDir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/pipegate.cjs …args` against the test dynalite and resolves with its exit code and output. */
const pipegate = (args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env, timeout: 100_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

beforeAll(async () => {
  const client = dynamoClient();
  tableName = await createTestTable(client);
  const seed = createSeeder(client, tableName);
  await seedJulyDataset(seed);
  // `--since` is relative to the real clock: one refusal from an hour ago.
  await seed.entry({
    at: new Date(Date.now() - 3_600_000).toISOString(),
    action: 'approval.refused',
    outcome: 'refused',
    reason: 'SELF_APPROVAL',
    actor: { id: 'carol@example.com', name: 'Carol' },
    channel: 'slack',
    pipeline: 'prod-api',
    executionId: 'api-recent',
  });
  outDir = mkdtempSync(join(tmpdir(), 'pipegate-cli-'));
});

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('pipegate CLI', () => {
  it('prints an aligned table of executions, newest first', async () => {
    // Act
    const run = await pipegate([
      'executions',
      '--pipeline',
      'prod-api',
      '--from',
      '2026-07-15',
      '--to',
      '2026-07-16',
      '--table',
      tableName,
    ]);

    // Assess
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STARTED \(UTC\)\s+EXECUTION\s+STATE\s+DURATION/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[1])).toEqual(['api-16', 'api-15']);
    expect(lines[1]?.indexOf('FAILED')).toBe(lines[0]?.indexOf('STATE'));
  });

  it('prints JSON with a cursor that the next call continues from', async () => {
    // Prepare
    const args = [
      'executions',
      '--pipeline',
      'prod-api',
      '--from',
      '2026-07-10',
      '--to',
      '2026-07-12',
      '--limit',
      '2',
    ];
    const first = JSON.parse((await pipegate([...args, '--json', '--table', tableName])).stdout);

    // Act
    const second = await pipegate([...args, '--json', '--table', tableName, '--cursor', first.nextCursor]);

    // Assess
    expect(first.items.map((item: { executionId: string }) => item.executionId)).toEqual([
      'api-12',
      'api-11',
    ]);
    expect(JSON.parse(second.stdout)).toEqual({
      items: [expect.objectContaining({ executionId: 'api-10' })],
      nextCursor: null,
    });
  });

  it("shows an execution's timeline with stages, failures, approvals and refused attempts", async () => {
    // Act
    const run = await pipegate(['execution', 'api-15', '--table', tableName]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('prod-api  api-15  SUCCEEDED');
    expect(run.stdout).toMatch(/Approval\s+SUCCEEDED\s+1\s+2026-07-15 08:06:00\s+14m 00s/);
    expect(run.stdout).toMatch(/Build\/CodeBuild\s+JobFailed: flaky test/);
    expect(run.stdout).toMatch(/approval\.refused\s+REFUSED: NOT_ALLOWED\s+Bob Roe <bob@example\.com>/);
  });

  it('exits 1 with a clear message for an unknown execution', async () => {
    // Act
    const run = await pipegate(['execution', 'never-ran', '--table', tableName]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^pipegate: no execution never-ran is recorded, and no id starting with it in /,
    );
  });

  it('lists recent refused attempts with --since', async () => {
    // Act
    const run = await pipegate(['approvals', '--since', '30d', '--json', '--table', tableName]);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).items).toEqual([
      expect.objectContaining({
        reason: 'SELF_APPROVAL',
        actor: expect.objectContaining({ id: 'carol@example.com' }),
      }),
    ]);
  });

  it('lists failures and pending approvals', async () => {
    // Act
    const failures = await pipegate([
      'failures',
      '--from',
      '2026-07-01',
      '--to',
      '2026-07-20',
      '--table',
      tableName,
    ]);
    const pending = await pipegate(['pending', '--json', '--table', tableName]);

    // Assess
    expect(
      failures.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(/\s{2,}/)[2]),
    ).toEqual(['web-16', 'api-16', 'api-13', 'web-02']);
    expect(JSON.parse(pending.stdout).items.map((item: { approvalId: string }) => item.approvalId)).toEqual([
      'p-21',
      'p-22',
      'p-25',
    ]);
  });

  it('exports a window to a CSV file that parses back, tricky comments included', async () => {
    // Prepare
    const file = join(outDir, 'q3.csv');

    // Act
    const run = await pipegate([
      'export',
      '--format',
      'csv',
      '--from',
      '2026-07-14',
      '--to',
      '2026-07-18',
      '-o',
      file,
      '--table',
      tableName,
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'exported 8 audit entries (2026-07-14T00:00:00.000Z to 2026-07-18T23:59:59.999Z)',
    );
    const [header, ...rows] = readCsv(readFileSync(file, 'utf8'));
    expect(header?.[0]).toBe('at');
    expect(rows).toHaveLength(8);
    expect(rows.map((row) => row[13])).toContain(TRICKY_COMMENT);
  });

  it('exports JSONL to stdout', async () => {
    // Act
    const run = await pipegate([
      'export',
      '--format',
      'jsonl',
      '--from',
      '2026-07-14',
      '--to',
      '2026-07-14',
      '--table',
      tableName,
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).reason),
    ).toEqual(['BAD_SIGNATURE']);
  });

  it.each([
    [['executions', '--pipeline', 'prod-api', '--since', 'xyz'], 'pipegate: invalid --since "xyz": expected'],
    [['approvals', '--approver', 'jane'], 'pipegate: invalid --approver "jane": must be an email address'],
    [['failures', '--limit', '501'], 'pipegate: invalid --limit "501"'],
    [['export', '--format', 'xml'], 'pipegate: invalid --format "xml": must be csv or jsonl'],
    [['executions'], "error: required option '--pipeline <name>' not specified"],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
  ])('exits 2 with a clear message for bad input: %j', async (args, message) => {
    // Act
    const run = await pipegate([...args, '--table', tableName]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('works against a local endpoint with no AWS region or credentials configured', async () => {
    // Prepare
    const { AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE, AWS_DEFAULT_REGION, ...bare } =
      process.env;

    // Act
    const run = await pipegate(['pending', '--table', tableName], { ...bare, HOME: outDir });

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('p-21');
  });

  it('prints help for a command', async () => {
    // Act
    const run = await pipegate(['export', '--help']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--format <format>');
    expect(run.stdout).toContain('-o, --output <file>');
  });
});
