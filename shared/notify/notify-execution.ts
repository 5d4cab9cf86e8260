import type { AccountNamer } from '../accounts/account-names';
import type { ApprovalStore } from '../approvals/approval-store';
import type { PipegateConfig } from '../config/pipegate-config';
import type { PipelineEvent } from '../events/pipeline-event';
import type { ExecutionSummary } from '../history/execution-summary';
import type { HistoryStore } from '../history/history-store';
import { semanticKey } from '../history/semantic-key';
import type { Reaction } from '../ingest/ingest-envelope';
import type { Log } from '../logging/log';
import type { ChatPort } from './chat-port';
import { deliverOnce } from './deliver-once';
import type { MailPort } from './mail-port';
import type { NotificationStore } from './notification-store';
import { renderExecutionCard } from './render/execution-card';
import { renderExecutionEmail } from './render/execution-email';
import {
  renderExecutionEndedReply,
  renderExecutionFailedReply,
  renderFailureReply,
} from './render/failure-reply';
import { routeEvent } from './routing';
import { type CardContent, type PostedCard, syncCard } from './sync-card';

export interface NotifyDeps {
  config: PipegateConfig;
  /** Undefined when no Slack token is configured: Slack targets are skipped with a log line. */
  chat?: ChatPort;
  mail: MailPort;
  store: NotificationStore;
  approvals: ApprovalStore;
  history: Pick<HistoryStore, 'getSummary'>;
  log: Log;
  now: () => Date;
  accountName?: AccountNamer;
}

const ENDED = new Set(['STOPPED', 'SUPERSEDED', 'CANCELED']);

/** The card shows the execution and its approvals; its version grows with either. */
export const renderCardContent = async (
  summary: ExecutionSummary,
  deps: Pick<NotifyDeps, 'approvals' | 'now' | 'accountName'>,
): Promise<CardContent> => {
  const hasApproval = Object.values(summary.actions).some((action) => action.category === 'Approval');
  const approvals = hasApproval ? await deps.approvals.listForExecution(summary.executionId) : [];
  const { text, blocks } = renderExecutionCard(summary, {
    approvals,
    now: deps.now(),
    accountName: deps.accountName,
  });
  return {
    text,
    blocks,
    version: summary.version + approvals.reduce((sum, approval) => sum + approval.version, 0),
  };
};

/** A thread reply for this event, if it deserves one (failures, a failed or ended execution). */
const threadReplyFor = (summary: ExecutionSummary, event: PipelineEvent, mentions: string[]) => {
  if (event.level === 'action' && event.state === 'FAILED')
    return renderFailureReply(summary, event, { mentions });
  if (event.level === 'pipeline' && event.state === 'FAILED')
    return renderExecutionFailedReply(summary, { mentions });
  if (event.level === 'pipeline' && ENDED.has(event.state)) return renderExecutionEndedReply(summary);
  return undefined;
};

const notifySlack = async (
  summary: ExecutionSummary,
  event: PipelineEvent,
  target: { channel: string; mentions: string[] },
  deps: NotifyDeps & { chat: ChatPort },
): Promise<void> => {
  let renders = 0;
  // First render from the summary in hand; a re-render (after a lost race) from the newest stored one.
  const render = async (): Promise<CardContent> => {
    renders += 1;
    const current =
      renders === 1 ? summary : ((await deps.history.getSummary(summary.executionId)) ?? summary);
    return renderCardContent(current, deps);
  };
  const card: PostedCard | undefined = await syncCard(summary.executionId, target.channel, render, deps);
  const reply = threadReplyFor(summary, event, target.mentions);
  if (!card || !reply) return;
  await deliverOnce(
    { executionId: summary.executionId, target: `slack:${target.channel}`, key: semanticKey(event) },
    async () =>
      (
        await deps.chat.postMessage({
          channel: card.channelId,
          threadTs: card.ts,
          text: reply.text,
          blocks: reply.blocks,
          broadcast: reply.broadcast,
        })
      ).ts,
    deps,
  );
};

/**
 * The notification reaction to a recorded event: routes it by the config's rules, keeps the execution's
 * Slack card current in every routed channel, replies in its thread on failures, and emails each routed
 * SNS topic once. Stale events (older than what is shown) notify nobody.
 */
export const createNotifyReaction =
  (deps: NotifyDeps): Reaction =>
  async (outcome) => {
    if (outcome.outcome !== 'new') return;
    const { event, summary } = outcome;
    const routes = routeEvent(deps.config, event);
    const { chat } = deps;
    if (routes.slack.length > 0 && !chat) {
      deps.log.warn('Slack routes matched but no Slack token is configured', {
        executionId: event.executionId,
      });
    }
    if (chat) {
      for (const target of routes.slack) await notifySlack(summary, event, target, { ...deps, chat });
    }
    for (const topic of routes.sns) {
      const email = renderExecutionEmail(summary, event);
      await deliverOnce(
        { executionId: event.executionId, target: `sns:${topic.name}`, key: semanticKey(event) },
        async () =>
          (
            await deps.mail.publish({
              topicArn: topic.topicArn,
              subject: email.subject,
              body: email.body,
              attributes: { ...email.attributes },
            })
          ).messageId,
        deps,
      );
    }
  };
