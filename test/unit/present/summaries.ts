import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import type { PipelineEvent } from '../../../shared/events/pipeline-event';
import { applyEvent } from '../../../shared/history/apply-event';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import { loadExecution } from '../../support/fixtures';

/** Parses envelopes the way ingest does. */
export const eventsOf = (envelopes: Record<string, unknown>[]): PipelineEvent[] =>
  envelopes.map(parsePipelineEvent);

/** Replays events into a summary, as ingest would. */
export const replayEvents = (events: readonly PipelineEvent[]): ExecutionSummary => {
  let summary: ExecutionSummary | undefined;
  for (const event of events) summary = applyEvent(summary, event).summary;
  if (summary === undefined) throw new Error('no events to replay');
  return summary;
};

/** The summary of a recorded execution after its first `count` events (all by default). */
export const summaryOf = (folder: string, count?: number): ExecutionSummary =>
  replayEvents(eventsOf(loadExecution(folder)).slice(0, count));

/** The event of a recorded execution matching a predicate. */
export const eventOf = (folder: string, match: (event: PipelineEvent) => boolean): PipelineEvent => {
  const event = eventsOf(loadExecution(folder)).find(match);
  if (event === undefined) throw new Error(`no matching event in ${folder}`);
  return event;
};

/** A pending approval of the prod-api-success run, as the approvals module would store it. */
export const pendingApproval = (overrides: Partial<ApprovalRecord> = {}): ApprovalRecord => ({
  approvalId: 'ec7ac8ad-1b2b-406b-aae1-2c972399d29d',
  pipeline: 'prod-api',
  executionId: '4f1c2a9e-7b3d-4c8e-9a15-2d6f0b8e1c37',
  stage: 'Approval',
  action: 'ManualApproval',
  account: '123456789012',
  region: 'eu-west-1',
  requestedAt: '2026-11-20T10:04:55Z',
  expiresAt: '2026-11-27T10:04:55Z',
  status: 'pending',
  trigger: {
    authorName: 'Jane Doe',
    authorEmail: 'jane@example.com',
    commitId: '9c4e1f7a2b8d3e6f0a5c7b9d1e2f4a6c8b0d2e4f',
    commitMessage: 'Add /healthz endpoint to the API\n\nMore detail.',
    branch: 'main',
    repository: 'acme/prod-api',
    provider: 'GitHub',
  },
  slackMessages: [],
  emailRecipients: [],
  version: 1,
  ...overrides,
});

/** The same approval, decided in Slack by Jane Doe at 14:02 UTC. */
export const approvedApproval = (overrides: Partial<ApprovalRecord> = {}): ApprovalRecord =>
  pendingApproval({
    status: 'approved',
    decision: 'Approved',
    decidedAt: '2026-11-20T14:02:11Z',
    decidedBy: { id: 'jane@example.com', name: 'Jane Doe', email: 'jane@example.com' },
    channel: 'slack',
    comment: 'looks good',
    ...overrides,
  });

/** Every mrkdwn / plain_text string anywhere in a Block Kit structure, for limit checks. */
export const textsOf = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.text === 'string') return [record.text];
    return Object.values(record).flatMap(textsOf);
  }
  return [];
};
