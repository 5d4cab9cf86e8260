import { storedApprovalRecordSchema } from '../../../shared/adapters/dynamodb/records/approval-record-schema';
import { summariseChanges } from '../../../shared/changes/summarise-changes';
import { commitsFrom, earlierFrom, quietLog } from './fakes';
import { run, SHA } from './runs';

describe('a stored change summary', () => {
  it('reads back from the approval record exactly as it was summarised', async () => {
    // Prepare
    const shipped = run({ id: 'e1', start: '2026-11-20T09:00:00Z', commit: SHA.a, state: 'SUCCEEDED' });
    const current = run({ id: 'e2', start: '2026-11-20T12:00:00Z', commit: SHA.c });
    const changes = await summariseChanges(current, 'Approval', {
      earlier: earlierFrom([shipped]),
      commits: commitsFrom(async () => ({
        commits: [{ sha: SHA.b, title: 'Middle', author: 'Sam' }],
        total: 1,
      })),
      log: quietLog(),
    });
    const record = {
      approvalId: 'a1',
      pipeline: 'prod-api',
      executionId: 'e2',
      stage: 'Approval',
      action: 'ManualApproval',
      requestedAt: '2026-11-20T12:01:00Z',
      expiresAt: '2026-11-27T12:01:00Z',
      status: 'pending',
      changes,
      slackMessages: [],
      emailRecipients: [],
      version: 1,
    };

    // Act
    const parsed = storedApprovalRecordSchema.safeParse(JSON.parse(JSON.stringify(record)));

    // Assess
    expect(parsed.success).toBe(true);
    expect(parsed.data?.changes).toEqual(changes);
  });

  it('refuses a summary with an unknown basis', () => {
    // Act
    const parsed = storedApprovalRecordSchema.safeParse({
      approvalId: 'a1',
      pipeline: 'p',
      executionId: 'e',
      stage: 's',
      action: 'a',
      requestedAt: 'x',
      expiresAt: 'y',
      status: 'pending',
      changes: { basis: 'guess', sources: [], between: { count: 0, outcomes: [] }, looked: 0, capped: false },
      slackMessages: [],
      emailRecipients: [],
      version: 1,
    });

    // Assess
    expect(parsed.success).toBe(false);
  });
});
