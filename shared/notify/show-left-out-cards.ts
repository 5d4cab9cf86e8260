import { CARD_DUE_MS, cardKeyOf } from '../delivery/card-key';
import type { ChatPort } from '../delivery/chat-port';
import { syncCard } from '../delivery/sync-card';
import { isTerminal } from '../history/state-rank';
import { describeError } from '../logging/log';
import type { LeftOutCards } from './left-out-cards';
import { type NotifyDeps, renderCardContent } from './notify-execution';

/** Bounds the time one batch spends on cards that are not its own. */
const PER_BATCH = 5;

/**
 * Shows cards whose last change gave way to Slack's rate limits and that no later change has shown since:
 * the newest stored summary, rendered and sent as an ordinary update (so it still gives way while slots are
 * short, and stays left out). Runs after each batch, while the container is busy anyway: under rate limits
 * batches keep coming. Two reads per card (summary, card); an ended execution's card needs none, as its final
 * state is a priority update. Failures are logged and the card stays left out: this must never fail a batch.
 */
export const showLeftOutCards = async (
  deps: Pick<NotifyDeps, 'store' | 'approvals' | 'history' | 'log' | 'now' | 'accountName'> & {
    chat: ChatPort;
    leftOut: LeftOutCards;
  },
): Promise<void> => {
  for (const { executionId, channel } of deps.leftOut.due(deps.now().getTime(), CARD_DUE_MS, PER_BATCH)) {
    if (deps.chat.updatesBusy?.(cardKeyOf(executionId, channel))) return;
    try {
      const summary = await deps.history.getSummary(executionId);
      if (!summary || (summary.state !== undefined && isTerminal(summary.state))) {
        deps.leftOut.release(executionId, channel);
        continue;
      }
      let leftOut = false;
      await syncCard(executionId, channel, () => renderCardContent(summary, deps), deps, {
        onLeftOut: () => {
          leftOut = true;
        },
      });
      if (leftOut) return;
      deps.leftOut.release(executionId, channel);
      deps.log.info('showed a card change left out under Slack rate limits', { executionId, channel });
    } catch (error) {
      deps.log.warn('a card left out under Slack rate limits could not be shown yet', {
        executionId,
        channel,
        ...describeError(error),
      });
    }
  }
};
