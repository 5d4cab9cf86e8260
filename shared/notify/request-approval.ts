import type { PipelineLocation } from '../accounts/account-access';
import type { AccountNamer } from '../accounts/account-names';
import { newApprovalLinks } from '../approvals/approval-link';
import { approvalExpiry, approvalPolicyFor } from '../approvals/approval-policy';
import type { ApprovalRecord } from '../approvals/approval-record';
import type { ApprovalStore } from '../approvals/approval-store';
import { settleApproval } from '../approvals/claim-approval';
import type { LinkKeys } from '../approvals/link-keys';
import type { ApprovalSettings, PipelinePort } from '../approvals/pipeline-port';
import type { AuditTrail } from '../audit/audit-entry';
import type { ChangeSummariser } from '../changes/summarise-changes';
import type { ApprovalPolicy, PipegateConfig } from '../config/pipegate-config';
import type { ChatPort } from '../delivery/chat-port';
import { deliverOnce, deliveryKeyOf } from '../delivery/deliver-once';
import type { MailPort } from '../delivery/mail-port';
import type { NotificationStore } from '../delivery/notification-store';
import { publishEmail } from '../delivery/publish-email';
import { routeEvent } from '../delivery/routing';
import { syncCard } from '../delivery/sync-card';
import { PipegateError } from '../errors';
import type { ActionLevelEvent, PipelineEvent } from '../events/pipeline-event';
import { activeFreezes, freezeSetKey } from '../freezes/active-freezes';
import type { ExecutionSummary } from '../history/execution-summary';
import type { HistoryStore } from '../history/history-store';
import type { Reaction } from '../history/reaction';
import type { Log } from '../logging/log';
import { renderApprovalEmail } from '../present/email/approval-email';
import { renderApprovalRequest } from '../present/slack/approval-message';
import { freezeNoticeFor } from '../present/slack/freeze-notice';
import { informByEmail } from './inform-approval';
import { renderCardContent } from './notify-execution';

export interface RequestApprovalDeps {
  config: PipegateConfig;
  approvals: ApprovalStore;
  audit: AuditTrail;
  chat?: ChatPort;
  mail: MailPort;
  store: NotificationStore;
  history: Pick<HistoryStore, 'getSummary'>;
  linkKeys?: LinkKeys;
  /** Reads the action's configuration (custom data, review link, timeout); optional. */
  pipeline?: Pick<PipelinePort, 'approvalSettings'>;
  publicUrl: string;
  /** The service's own topic; approvers' email subscriptions filter on the `recipient` attribute. */
  topicArn?: string;
  log: Log;
  now: () => Date;
  accountName?: AccountNamer;
  /** What the approval ships since the last run past its stage; the request goes out without it when absent. */
  changes?: ChangeSummariser;
}

const DEFAULT_EXPIRY_MS = 7 * 24 * 3_600_000;

/** A manual approval action that started: the event an approval request is made from. */
type ApprovalStart = ActionLevelEvent & { actionCategory: 'Approval'; actionExecutionId: string };

export const isApprovalStart = (event: PipelineEvent): event is ApprovalStart =>
  event.level === 'action' &&
  event.actionCategory === 'Approval' &&
  event.state === 'STARTED' &&
  !!event.actionExecutionId;

const newRecord = (
  event: ApprovalStart,
  summary: ExecutionSummary,
  policy: ApprovalPolicy | undefined,
  settings: ApprovalSettings | undefined,
): ApprovalRecord => {
  const requestedAt = new Date(event.time);
  // Never later than the action's own timeout: after it CodePipeline fails the action anyway.
  const timeoutMs = settings?.timeoutMinutes ? settings.timeoutMinutes * 60_000 : DEFAULT_EXPIRY_MS;
  const expiresAt = policy
    ? approvalExpiry(policy, requestedAt, settings?.timeoutMinutes)
    : new Date(requestedAt.getTime() + timeoutMs);
  return {
    approvalId: event.actionExecutionId,
    pipeline: event.pipeline,
    executionId: event.executionId,
    stage: event.stage,
    action: event.action,
    account: event.account,
    region: event.region,
    requestedAt: requestedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    status: 'pending',
    trigger: summary.trigger,
    customData: settings?.customData,
    reviewUrl: settings?.reviewUrl,
    slackMessages: [],
    emailRecipients: policy?.emails ?? [],
    // Recorded so every rendering can say "0 of 2" before anyone votes.
    ...(policy && policy.required > 1 ? { required: policy.required } : {}),
    version: 1,
  };
};

/**
 * The action's configuration; the request goes out without it rather than not at all. In an account
 * pipegate is not set up for, the request still goes out (people see the gate) and is put on the record:
 * deciding it is refused and audited until the account is added.
 */
const settingsOf = async (
  ref: PipelineLocation & { pipeline: string; stage: string; action: string },
  deps: RequestApprovalDeps,
): Promise<{ settings?: ApprovalSettings; refusedAccount?: PipegateError }> => {
  try {
    return { settings: await deps.pipeline?.approvalSettings(ref) };
  } catch (error) {
    if (error instanceof PipegateError && error.code === 'ACCOUNT_NOT_CONFIGURED') {
      deps.log.warn('approval requested in an account pipegate is not set up for', {
        ...ref,
        errorMessage: error.message,
      });
      return { refusedAccount: error };
    }
    deps.log.warn('could not read the approval action configuration', {
      ...ref,
      errorMessage: error instanceof Error ? error.message : String(error),
    });
    return {};
  }
};

/** Creates the approval record once (a replay finds it), auditing the request the first time. */
const ensureRecord = async (event: ApprovalStart, summary: ExecutionSummary, deps: RequestApprovalDeps) => {
  const ref = { pipeline: event.pipeline, stage: event.stage, action: event.action };
  const policy = approvalPolicyFor(deps.config, { ...event, ...ref });
  const where = { account: event.account, region: event.region };
  const { settings, refusedAccount } = await settingsOf({ ...ref, ...where }, deps);
  const changes = await deps.changes?.(summary, ref.stage);
  const fresh = { ...newRecord(event, summary, policy, settings), ...(changes ? { changes } : {}) };
  if ((await deps.approvals.create(fresh)) === 'created') {
    await deps.audit.append({
      action: 'approval.requested',
      outcome: 'ok',
      channel: 'system',
      approvalId: fresh.approvalId,
      executionId: fresh.executionId,
      pipeline: fresh.pipeline,
      stage: fresh.stage,
      actionName: fresh.action,
      details: {
        expiresAt: fresh.expiresAt,
        policy: policy ? 'matched' : 'none',
        emails: String(fresh.emailRecipients.length),
        ...(refusedAccount
          ? { accountNotConfigured: refusedAccount.message, account: fresh.account ?? 'unknown' }
          : {}),
      },
    });
    return { record: fresh, policy };
  }
  return { record: (await deps.approvals.get(fresh.executionId, fresh.approvalId)) ?? fresh, policy };
};

const requestInSlack = async (
  record: ApprovalRecord,
  summary: ExecutionSummary,
  channels: string[],
  deps: RequestApprovalDeps & { chat: ChatPort },
): Promise<void> => {
  for (const channel of channels) {
    const card = await syncCard(record.executionId, channel, () => renderCardContent(summary, deps), deps);
    if (!card) continue;
    const renderedAt = deps.now();
    const message = renderApprovalRequest(record, summary, {
      reviewUrl: record.reviewUrl,
      customData: record.customData,
      ...freezeNoticeFor(deps.config.freezes, record, renderedAt),
    });
    const delivery = {
      executionId: record.executionId,
      target: `slack:${channel}`,
      key: `approval#${record.approvalId}`,
    };
    await deliverOnce(
      delivery,
      async () => {
        const posted = await deps.chat.postMessage({
          channel: card.channelId,
          threadTs: card.ts,
          text: message.text,
          blocks: message.blocks,
          broadcast: true,
          deliveryKey: deliveryKeyOf(delivery),
        });
        const latest = (await deps.approvals.get(record.executionId, record.approvalId)) ?? record;
        await settleApproval(
          latest,
          {
            slackMessages: [...latest.slackMessages, { ...posted, cardChannel: channel }],
            // What the message shows, so the sweeper re-renders it once a freeze begins or ends.
            shownFreezes: freezeSetKey(activeFreezes(deps.config.freezes, record, renderedAt)),
          },
          deps,
        );
        return posted.ts;
      },
      deps,
    );
  }
};

const requestByEmail = async (
  record: ApprovalRecord,
  summary: ExecutionSummary,
  deps: RequestApprovalDeps,
): Promise<void> => {
  const { linkKeys, topicArn } = deps;
  if (record.emailRecipients.length === 0) return;
  if (!linkKeys || !topicArn) {
    deps.log.warn('approval emails skipped: link keys or topic not configured', {
      approvalId: record.approvalId,
    });
    return;
  }
  for (const recipient of record.emailRecipients) {
    await deliverOnce(
      { executionId: record.executionId, target: `email:${recipient}`, key: `approval#${record.approvalId}` },
      async () => {
        const links = newApprovalLinks({
          approval: record,
          recipient,
          expiresAt: new Date(record.expiresAt),
          publicUrl: deps.publicUrl,
          keys: linkKeys,
        });
        return publishEmail(deps.mail, topicArn, renderApprovalEmail(record, summary, links, recipient));
      },
      deps,
    );
  }
};

/**
 * The approval reaction: when a manual approval action starts, record it as pending, post Approve/Reject
 * buttons in the execution's Slack thread, and send each allowed email approver personal signed links.
 * Every step is at most once per approval, so replays are safe.
 */
export const createRequestApprovalReaction =
  (deps: RequestApprovalDeps): Reaction =>
  async (outcome) => {
    const { event, summary } = outcome;
    if (outcome.outcome !== 'new' || !isApprovalStart(event)) return;
    const { record, policy } = await ensureRecord(event, summary, deps);
    const channels = policy?.slack?.channels?.length
      ? policy.slack.channels
      : routeEvent(deps.config, event).slack.map((target) => target.channel);
    if (deps.chat) await requestInSlack(record, summary, channels, { ...deps, chat: deps.chat });
    await requestByEmail(record, summary, deps);
    await informByEmail(record, summary, policy, deps);
  };
