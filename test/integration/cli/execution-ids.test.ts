import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { AuditEntry } from '../../../shared/audit/audit-entry';
import { createSeeder } from '../audit/support/seed-audit-data';
import { createTestTable, dynamoClient } from '../support/test-table';

// Ids as people copy them: the web page shows 8 characters; the CLI takes a unique prefix and names the
// candidates when several match. And a refused attempt reads as a refusal, never as the decision it asked for.

const BIN = join(__dirname, '..', '..', '..', 'bin', 'pipegate.cjs');
const RUN_A = 'df9c3ee1-7b1d-4c52-9a1e-0d6b1f0c2a11';
const RUN_B = 'df9c3ee1-0000-4c52-9a1e-0d6b1f0c2a12';
const RUN_C = '5a0e77b2-7b1d-4c52-9a1e-0d6b1f0c2a13';
let tableName: string;

const pipegate = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args, '--table', tableName],
      { timeout: 100_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr });
      },
    );
  });

/** An approval audit entry `minutesAgo` (the lookup window is relative to the real clock). */
type SeedEntry = Omit<AuditEntry, 'id' | 'at'> & { at: string };
const decision = (minutesAgo: number, executionId: string, fields: Partial<SeedEntry>): SeedEntry => ({
  at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  action: 'approval.decided',
  outcome: 'ok',
  decision: 'Approved',
  actor: { id: 'sam@example.com', name: 'Sam Poe' },
  channel: 'slack',
  pipeline: 'prod-api',
  executionId,
  ...fields,
});

beforeAll(async () => {
  const client = dynamoClient();
  tableName = await createTestTable(client);
  const seed = createSeeder(client, tableName);
  await seed.entry(decision(30, RUN_A, {}));
  await seed.entry(
    decision(20, RUN_A, {
      action: 'approval.refused',
      outcome: 'refused',
      reason: 'ALREADY_DECIDED',
      actor: { id: 'alex@example.com', name: 'Alex Kim' },
    }),
  );
  await seed.entry(decision(10, RUN_B, { decision: 'Rejected', channel: 'email' }));
  await seed.entry(decision(5, RUN_C, { pipeline: 'prod-web' }));
});

describe('execution ids as the web page shows them', () => {
  it('accepts a unique prefix', async () => {
    // Act
    const run = await pipegate(['execution', '5a0e77b2']);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(RUN_C);
  });

  it('names the executions an ambiguous prefix matches', async () => {
    // Act
    const run = await pipegate(['execution', 'df9c3ee1']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('df9c3ee1 matches 2 executions, give more of the id');
    expect(run.stderr).toContain(RUN_A);
    expect(run.stderr).toContain(RUN_B);
  });

  it('says where it looked when no id starts with the prefix', async () => {
    // Act
    const run = await pipegate(['execution', 'ffff0000']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no execution ffff0000 is recorded, and no id starting with it in pending/);
  });
});

describe('approvals', () => {
  it('shows a refused attempt as a refusal, not as the decision it asked for', async () => {
    // Act
    const run = await pipegate(['approvals', '--since', '1d']);

    // Assess
    expect(run.code).toBe(0);
    const alex = run.stdout.split('\n').find((line) => line.includes('Alex Kim')) ?? '';
    expect(alex).toMatch(/refused\s+REFUSED: ALREADY_DECIDED \(tried to approve\)/);
    expect(alex).not.toMatch(/\bApproved\b/);
  });
});
