import { createHmac } from 'node:crypto';
import type { LinkPayload } from '../../../shared/approvals/approval-link';
import type { ApprovalRecord } from '../../../shared/approvals/approval-record';
import { type LinkKeys, parseLinkKeys } from '../../../shared/approvals/link-keys';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';

/** Test-only secrets, 32+ characters each. */
export const SECRET_K1 = 'k1-test-secret-0123456789abcdefghij';
export const SECRET_K2 = 'k2-test-secret-0123456789abcdefghij';

export const keysOf = (entries: Record<string, string>): LinkKeys => parseLinkKeys(JSON.stringify(entries));

/** A fixed instant every test measures against; no test reads the real clock. */
export const NOW = new Date('2026-09-01T12:00:00.000Z');
export const NOW_SECONDS = NOW.getTime() / 1000;

export const payloadOf = (overrides: Partial<LinkPayload> = {}): LinkPayload => ({
  v: 1,
  a: '9f1c7a52-3d4e-4b8a-a1f0-6c2d9e8b7a10',
  e: '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
  r: 'jane@example.com',
  d: 'approve',
  x: NOW_SECONDS + 3600,
  n: 'AAECAwQFBgcICQoLDA0ODw',
  ...overrides,
});

/** Builds a token by hand from the documented format, so tests check the format and not just a round trip. */
export const handMadeToken = (payloadJson: string, kid: string, secret: string): string => {
  const payloadPart = Buffer.from(payloadJson, 'utf8').toString('base64url');
  const mac = createHmac('sha256', secret)
    .update(`pipegate-link-v1.${payloadPart}.${kid}`)
    .digest('base64url');
  return `${payloadPart}.${kid}.${mac}`;
};

/** The payload part of a token, decoded. */
export const decodedPayloadOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

export const approvalRecord = (overrides: Partial<ApprovalRecord> = {}): ApprovalRecord => ({
  approvalId: '9f1c7a52-3d4e-4b8a-a1f0-6c2d9e8b7a10',
  pipeline: 'prod-api',
  executionId: '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
  stage: 'Approval',
  action: 'ManualApproval',
  account: '123456789012',
  region: 'eu-west-1',
  requestedAt: '2026-09-01T11:58:00.000Z',
  expiresAt: '2026-09-08T11:58:00.000Z',
  status: 'pending',
  trigger: {
    type: 'WebhookV2',
    authorName: 'Sam Roe',
    authorEmail: 'sam@example.com',
    commitId: '7d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c',
    commitMessage: 'Raise checkout timeout to 30 s\n\nThe payment provider is slow on Mondays.',
    branch: 'main',
    repository: 'acme/prod-api',
    provider: 'GitHub',
  },
  slackMessages: [],
  emailRecipients: ['jane@example.com'],
  version: 1,
  ...overrides,
});

const stage = (name: string, state: 'SUCCEEDED' | 'STARTED', firstSeenAt: string) => ({
  name,
  state,
  attempt: 1,
  firstSeenAt,
  updatedAt: firstSeenAt,
});

export const executionSummary = (overrides: Partial<ExecutionSummary> = {}): ExecutionSummary => ({
  executionId: '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
  pipeline: 'prod-api',
  state: 'STARTED',
  attempt: 1,
  startTime: '2026-09-01T11:50:00.000Z',
  stages: {
    // Out of order on purpose: the page must order stages by when they were first seen.
    Approval: stage('Approval', 'STARTED', '2026-09-01T11:58:00.000Z'),
    Source: stage('Source', 'SUCCEEDED', '2026-09-01T11:50:00.000Z'),
    Build: stage('Build', 'SUCCEEDED', '2026-09-01T11:51:00.000Z'),
  },
  actions: {},
  lastEventAt: '2026-09-01T11:58:00.000Z',
  version: 7,
  ...overrides,
});
