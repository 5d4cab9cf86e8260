import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoApprovalStore } from '../../shared/adapters/dynamodb/approval-store';
import { createDynamoAuditTrail } from '../../shared/adapters/dynamodb/audit-store';
import type { ApprovalRecord } from '../../shared/approvals/approval-record';
import { claimApproval, settleApproval } from '../../shared/approvals/claim-approval';
import type { Actor, AuditEntry } from '../../shared/audit/audit-entry';
import { DEFAULT_RETENTION } from '../../shared/config/retention';
import type { TriggerInfo } from '../../shared/events/pipeline-event';
import {
  APPROVAL_TIMEOUT_MS,
  APPROVERS,
  type ApprovalFate,
  seededRandom,
  weightedApprover,
} from './audit-plans';
import type { MarkWriter } from './audit-seed-marks';

const MINUTE = 60_000;
const RECIPIENTS = ['jane.doe@example.com', 'sam.lee@example.com', 'release-managers@example.com'];

/** One manual approval as the ingested run played it. */
export interface ApprovalRun {
  executionId: string;
  pipeline: string;
  /** The approval action's action-execution-id (DESIGN §5: the approval id). */
  approvalId: string;
  requestedAt: string;
  /** When the approval action ended (decision or timeout); absent while pending. */
  endedAt?: string;
  fate: ApprovalFate;
  author: string;
  trigger?: TriggerInfo;
}

export interface ApprovalTally {
  byFate: Record<ApprovalFate, number>;
  entriesByAction: Record<string, number>;
  refusedByReason: Record<string, number>;
}

const actorOf = (email: string, channel: 'slack' | 'email'): Actor => ({
  id: email,
  email,
  name: email.split('@')[0]?.replace('.', ' '),
  ...(channel === 'slack' ? { slackUserId: `U0${email.length}${email.charCodeAt(0)}` } : {}),
});

const COMMENTS = [
  'looks good',
  'ok, "ship it"',
  'canary clean; p99 within budget',
  'after the freeze, see\nthread',
];

/**
 * Writes each approval the way the approval flow does: the record through the approval store (create, then
 * the claim and the settle of shared/approvals/claim-approval.ts), every request, refused attempt, decision,
 * reminder and expiry through the real audit trail, and the request's Slack and email delivery marks.
 */
export const createApprovalSeeder = (
  client: DynamoDBClient,
  tableName: string,
  marks: MarkWriter,
  options: { seed: number; now: Date },
) => {
  const { now } = options;
  const shared = seededRandom(options.seed);
  const base = { client, tableName, retention: DEFAULT_RETENTION };
  const tally: ApprovalTally = {
    byFate: { approved: 0, rejected: 0, expired: 0, pending: 0 },
    entriesByAction: {},
    refusedByReason: {},
  };

  /** Seeds approval number `index`; its own generator keeps the mix the same however seeding interleaves. */
  const seedOne = async (run: ApprovalRun, index: number): Promise<void> => {
    const random = seededRandom(options.seed + 1 + index);
    const requested = Date.parse(run.requestedAt);
    const trail = createDynamoAuditTrail({ ...base, now: () => new Date(requested) });
    const common = {
      approvalId: run.approvalId,
      executionId: run.executionId,
      pipeline: run.pipeline,
      stage: 'Approval',
      actionName: 'ManualApproval',
    };
    const append = async (entry: Omit<AuditEntry, 'id' | 'at'> & { at: number }) => {
      await trail.append({ ...common, ...entry, at: new Date(entry.at).toISOString() });
      tally.entriesByAction[entry.action] = (tally.entriesByAction[entry.action] ?? 0) + 1;
      if (entry.reason) tally.refusedByReason[entry.reason] = (tally.refusedByReason[entry.reason] ?? 0) + 1;
    };
    const refuse = (reason: string, who: string, channel: 'slack' | 'email', at: number) =>
      append({
        action: 'approval.refused',
        outcome: 'refused',
        reason,
        channel,
        actor: actorOf(who, channel),
        at,
      });

    const record: ApprovalRecord = {
      approvalId: run.approvalId,
      pipeline: run.pipeline,
      executionId: run.executionId,
      stage: 'Approval',
      action: 'ManualApproval',
      account: '123456789012',
      region: 'eu-west-1',
      requestedAt: run.requestedAt,
      expiresAt: new Date(requested + APPROVAL_TIMEOUT_MS).toISOString(),
      status: 'pending',
      ...(run.trigger ? { trigger: run.trigger } : {}),
      slackMessages: [{ channel: 'C0DEPLOYS', ts: `${requested / 1000}`, cardChannel: '#deploys' }],
      emailRecipients: RECIPIENTS,
      version: 1,
    };
    await createDynamoApprovalStore({ ...base, now: () => new Date(requested) }).create(record);
    const details = { expiresAt: record.expiresAt, policy: 'matched', emails: String(RECIPIENTS.length) };
    await append({ action: 'approval.requested', outcome: 'ok', channel: 'system', details, at: requested });
    await marks.approvalRequested(run.executionId, run.approvalId, RECIPIENTS, new Date(requested));
    tally.byFate[run.fate] += 1;

    const ended = run.endedAt ? Date.parse(run.endedAt) : now.getTime();
    const during = () => requested + random() * (ended - requested);
    if (random() < 0.1)
      await refuse('NOT_ALLOWED', `dev${1 + Math.floor(random() * 6)}@example.com`, 'slack', during());
    if (APPROVERS.includes(run.author) && random() < 0.5)
      await refuse('SELF_APPROVAL', run.author, 'email', during());
    if (run.fate === 'pending' || !run.endedAt) return;

    const approvals = createDynamoApprovalStore({ ...base, now: () => new Date(ended) });
    const deps = { approvals, now: () => new Date(ended) };
    if (run.fate === 'expired') {
      await marks.reminder(run.executionId, run.approvalId, new Date(ended - 24 * 60 * MINUTE));
      await append({
        action: 'approval.reminder',
        outcome: 'ok',
        channel: 'system',
        at: ended - 24 * 60 * MINUTE,
      });
      await settleApproval(record, { status: 'expired', channel: 'console', decidedAt: run.endedAt }, deps);
      const expiredDetails = { codePipelineStatus: 'InProgress', by: 'sweeper' };
      await append({
        action: 'approval.expired',
        outcome: 'ok',
        channel: 'system',
        details: expiredDetails,
        at: ended,
      });
      if (random() < 0.5)
        await refuse('LINK_EXPIRED', weightedApprover(random), 'email', ended + 90 * MINUTE);
      return;
    }

    const approver = weightedApprover(random);
    const channel = random() < 0.65 ? 'slack' : 'email';
    const decision = run.fate === 'approved' ? 'Approved' : 'Rejected';
    if (decision === 'Rejected' && random() < 0.3)
      await refuse('COMMENT_REQUIRED', approver, channel, ended - MINUTE);
    const actor = actorOf(approver, channel);
    const claimed = await claimApproval(record, { by: actor, decision, channel }, deps);
    const comment =
      decision === 'Rejected' || random() < 0.4 ? (COMMENTS[Math.floor(random() * 4)] as string) : undefined;
    await settleApproval(
      claimed.record,
      { status: run.fate, decision, decidedBy: actor, decidedAt: run.endedAt, channel, comment },
      deps,
    );
    await append({ action: 'approval.decided', outcome: 'ok', channel, actor, decision, comment, at: ended });
    if (random() < 0.08)
      await refuse('ALREADY_DECIDED', weightedApprover(random), 'slack', ended + 2 * MINUTE);
    if (channel === 'email' && random() < 0.1)
      await refuse('LINK_USED', approver, 'email', ended + 30 * MINUTE);
  };

  return {
    seedOne,
    /** Forged link or Slack requests: no approval, no actor, kept by day (`AUDIT#<day>`). */
    async forgedRequest(at: Date): Promise<void> {
      const trail = createDynamoAuditTrail({ ...base, now: () => at });
      await trail.append({
        action: 'approval.refused',
        outcome: 'refused',
        reason: 'BAD_SIGNATURE',
        channel: shared() < 0.5 ? 'email' : 'slack',
        at: at.toISOString(),
      });
      tally.entriesByAction['approval.refused'] = (tally.entriesByAction['approval.refused'] ?? 0) + 1;
      tally.refusedByReason.BAD_SIGNATURE = (tally.refusedByReason.BAD_SIGNATURE ?? 0) + 1;
    },
    tally,
  };
};
