import type { AccountNamer } from '../accounts/account-names';
import type { ApprovalStore } from '../approvals/approval-store';
import type { PipegateConfig } from '../config/pipegate-config';
import { cardKeyOf } from '../delivery/card-key';
import type { ChatPort } from '../delivery/chat-port';
import { deliverOnce, deliveryKeyOf } from '../delivery/deliver-once';
import type { MailPort } from '../delivery/mail-port';
import type { NotificationStore } from '../delivery/notification-store';
import { publishEmail } from '../delivery/publish-email';
import { routeEvent } from '../delivery/routing';
import { type CardContent, type PostedCard, syncCard } from '../delivery/sync-card';
import type { PipelineEvent } from '../events/pipeline-event';
import type { ExecutionSummary } from '../history/execution-summary';
import type { HeldWrites } from '../history/held-writes';
import type { HistoryStore } from '../history/history-store';
import type { Reaction } from '../history/reaction';
import { semanticKey } from '../history/semantic-key';
import { isTerminal } from '../history/state-rank';
import type { Log } from '../logging/log';
import { renderExecutionEmail } from '../present/email/execution-email';
import { renderExecutionCard } from '../present/slack/execution-card';
import {
  renderExecutionEndedReply,
  renderExecutionFailedReply,
  renderFailureReply,
} from '../present/slack/failure-reply';
import type { LeftOutCards } from './left-out-cards';

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
  /** Cards whose change gave way to Slack's rate limits, shown later by {@link showLeftOutCards}. */
  leftOut?: LeftOutCards;
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

/**
 * Does this event change what the card shows? Rendered before and after at the same moment, with the
 * same approvals, so only the event's own effect counts. An unchanged card costs no claim, read or call.
 */
const cardChanges = (
  previous: ExecutionSummary | undefined,
  summary: ExecutionSummary,
  now: Date,
): boolean => {
  if (!previous) return true;
  const render = (of: ExecutionSummary) => JSON.stringify(renderExecutionCard(of, { approvals: [], now }));
  return render(previous) !== render(summary);
};

/**
 * What people need first: failures, approvals and final states are never dropped under rate limits. So is a
 * change to a card that already shows its final state (a step's event arriving after the execution's own):
 * it is the card people read after the run, and the run sends no later change that would carry it. As an
 * ordinary update it was dropped under pressure (the card had just been shown) and never shown.
 */
export const isPriorityChange = (
  event: PipelineEvent,
  summary: Pick<ExecutionSummary, 'state' | 'attempt'>,
): boolean =>
  event.state === 'FAILED' ||
  (event.level === 'pipeline' && isTerminal(event.state)) ||
  (event.level === 'action' && event.actionCategory === 'Approval') ||
  // Not a retry's step events that arrive before its RESUMED: the run is not over, they are ordinary.
  (summary.state !== undefined && isTerminal(summary.state) && event.attempt <= summary.attempt);

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
  outcome: { summary: ExecutionSummary; previous: ExecutionSummary | undefined; event: PipelineEvent },
  target: { channel: string; mentions: string[] },
  deps: NotifyDeps & { chat: ChatPort; held?: HeldWrites },
): Promise<void> => {
  const { summary, previous, event } = outcome;
  const reply = threadReplyFor(summary, event, target.mentions);
  if (!reply && !cardChanges(previous, summary, deps.now())) return;
  const priority = isPriorityChange(event, summary);
  if (
    !priority &&
    !reply &&
    previous &&
    deps.chat.updatesBusy?.(cardKeyOf(summary.executionId, target.channel))
  ) {
    // Slack asked us to back off chat.update (or a priority update waits, or this card was shown lately and
    // the slots left belong to cards that waited longer): this ordinary change would be dropped anyway, so
    // skip its read too. The card exists (an earlier event posted it, or the next change will); the next
    // change or the final state carries this one.
    deps.log.info('card update skipped while Slack rate limits chat.update; the next change carries it', {
      executionId: summary.executionId,
      channel: target.channel,
    });
    deps.leftOut?.hold(summary.executionId, target.channel, deps.now().getTime());
    return;
  }
  let renders = 0;
  // First render from the summary in hand; a re-render (after a lost race) from the newest stored one.
  const render = async (): Promise<CardContent> => {
    renders += 1;
    // The stored summary may be behind the one in hand: reactions run before it is saved.
    const stored = renders === 1 ? undefined : await deps.history.getSummary(summary.executionId);
    const current = stored && stored.version > summary.version ? stored : summary;
    return renderCardContent(current, deps);
  };
  let leftOut = false;
  const card: PostedCard | undefined = await syncCard(summary.executionId, target.channel, render, deps, {
    priority,
    firstChange: summary.version === 1,
    onLeftOut: () => {
      leftOut = true;
    },
  });
  if (leftOut) deps.leftOut?.hold(summary.executionId, target.channel, deps.now().getTime());
  else deps.leftOut?.release(summary.executionId, target.channel);
  if (!card || !reply) return;
  const delivery = {
    executionId: summary.executionId,
    target: `slack:${target.channel}`,
    key: semanticKey(event),
  };
  await deliverOnce(
    delivery,
    async () =>
      (
        await deps.chat.postMessage({
          channel: card.channelId,
          threadTs: card.ts,
          text: reply.text,
          blocks: reply.blocks,
          broadcast: reply.broadcast,
          deliveryKey: deliveryKeyOf(delivery),
        })
      ).ts,
    deps,
    deps.held,
  );
};

/**
 * The notification reaction to a recorded event: routes it by the config's rules, keeps the execution's
 * Slack card current in every routed channel, replies in its thread on failures, and emails each routed
 * SNS topic once. Stale events (older than what is shown) notify nobody. The `sent` marks of replies and
 * emails go to `held` when the ingest gives it: the summary save after the reactions proves them sent.
 */
export const createNotifyReaction =
  (deps: NotifyDeps): Reaction =>
  async (outcome, held) => {
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
      for (const target of routes.slack) await notifySlack(outcome, target, { ...deps, chat, held });
    }
    for (const topic of routes.sns) {
      const email = renderExecutionEmail(summary, event);
      await deliverOnce(
        { executionId: event.executionId, target: `sns:${topic.name}`, key: semanticKey(event) },
        () => publishEmail(deps.mail, topic.topicArn, email),
        deps,
        held,
      );
    }
  };
