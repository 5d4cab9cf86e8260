import { createDynamoAuditReader } from '../../../shared/adapters/dynamodb/audit-reader';
import { createCursorCodec } from '../../../shared/audit/cursor';
import {
  type AuditQueryDeps,
  exportPages,
  getExecutionTimeline,
  listAuditEntries,
  listDecisions,
  listExecutions,
  listFailures,
  listPending,
} from '../../../shared/reports/queries';
import { createTestTable, dynamoClient } from '../support/test-table';
import { recordCommands } from './support/count-commands';
import { JULY_NOW, seedJulyDataset } from './support/july-dataset';
import { createSeeder } from './support/seed-audit-data';

const client = dynamoClient();
let deps: AuditQueryDeps;
let sent: string[];

beforeAll(async () => {
  const tableName = await createTestTable(client);
  await seedJulyDataset(createSeeder(client, tableName));
  // A client of its own, so seeding (PutItem) is not recorded.
  const queryClient = dynamoClient();
  sent = recordCommands(queryClient);
  deps = {
    reader: createDynamoAuditReader({ client: queryClient, tableName }),
    cursors: createCursorCodec('k'),
    now: () => JULY_NOW,
  };
});

describe('the audit read path', () => {
  it('answers every query, across pages, with Query commands (and key reads of the listed summaries) — never a Scan', async () => {
    // Prepare
    const window = { from: '2026-07-01', to: '2026-07-20', limit: 1 };

    // Act
    const executions = await listExecutions({ pipeline: 'prod-api', ...window }, deps);
    await listExecutions({ pipeline: 'prod-api', ...window, cursor: executions.nextCursor }, deps);
    await getExecutionTimeline('api-15', deps);
    await listDecisions({ approver: 'jane@example.com', ...window }, deps);
    await listDecisions(window, deps);
    await listFailures(window, deps);
    await listPending({ limit: 1 }, deps);
    await listAuditEntries(window, deps);
    for await (const page of exportPages({ format: 'csv', from: '2026-07-01', to: '2026-07-20' }, deps, 2)) {
      expect(page.length).toBeLessThanOrEqual(2);
    }

    // Assess
    expect(sent.length).toBeGreaterThan(10);
    expect(sent).not.toContain('ScanCommand');
    expect(new Set(sent)).toEqual(new Set(['QueryCommand', 'BatchGetItemCommand']));
  });
});
