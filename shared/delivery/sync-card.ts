import { createHash } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import { PipegateError } from '../errors';
import type { Log } from '../logging/log';
import { sleep } from '../runtime/sleep';
import { cardKeyOf } from './card-key';
import type { ChatPort } from './chat-port';
import type { CardMark, NotificationStore, PostedMark } from './notification-store';

export interface CardContent {
  text: string;
  blocks: KnownBlock[];
  /** Monotonic card version (grows with every change to the execution or its approvals). */
  version: number;
}

export interface CardDeps {
  chat: ChatPort;
  store: NotificationStore;
  log: Log;
  now: () => Date;
  wait?: (ms: number) => Promise<void>;
}

/** A card claim with no message after this long is assumed to belong to a crashed worker. */
const CLAIM_STALE_MS = 60_000;
const WAIT_FOR_POST_MS = [100, 200, 400, 800, 1_200];

const hashOf = (content: CardContent): string =>
  createHash('sha256')
    .update(JSON.stringify([content.text, content.blocks]))
    .digest('base64url')
    .slice(0, 22);

export type PostedCard = PostedMark;

export interface SyncOptions {
  /**
   * What people need first (failures, approvals, final states): the render is claimed before it is sent,
   * and on a rate limit the claim is released and the error thrown, so the transport retries and the card
   * never loses it. Without it the update costs a read and no write, and a rate-limited one is dropped:
   * the next change renders the newest state anyway.
   */
  priority?: boolean;
  /**
   * The execution's first change: no card exists yet (unless a crashed delivery of this same change posted
   * it, which then shows it already), so the render claim would only be refused — a billed write.
   */
  firstChange?: boolean;
  /** Called when an ordinary update gave way to Slack's rate limits (its change is not shown yet). */
  onLeftOut?: () => void;
}

/**
 * Where the card is when there is no render to claim (first post, a refused claim, a card not posted yet):
 * posts it if nobody has, or waits briefly for the worker that claimed the post. `known` is the card as
 * just read, when the caller has read it already.
 */
const cardWithoutClaim = async (
  executionId: string,
  channel: string,
  content: CardContent,
  deps: CardDeps,
  known?: CardMark,
): Promise<PostedCard | undefined> => {
  const wait = deps.wait ?? sleep;
  let mark = known ?? (await deps.store.getCard(executionId, channel));
  if (mark?.failedError) return undefined;
  if (mark?.ts && mark.channelId) return mark as PostedCard;
  const at = deps.now();
  const staleBefore = new Date(at.getTime() - CLAIM_STALE_MS).toISOString();
  if (await deps.store.claimCard(executionId, channel, at.toISOString(), staleBefore)) {
    return postCard(executionId, channel, content, deps);
  }
  for (const ms of WAIT_FOR_POST_MS) {
    if (mark?.ts || mark?.failedError) break;
    await wait(ms);
    mark = await deps.store.getCard(executionId, channel);
  }
  if (mark?.failedError) return undefined;
  if (!mark?.ts || !mark.channelId) {
    throw new PipegateError('TRANSIENT', 'another worker is still posting this card', {
      details: { executionId, channel },
    });
  }
  return mark as PostedCard;
};

const isRateLimitOrTransient = (error: unknown): error is PipegateError =>
  error instanceof PipegateError && ['RATE_LIMITED', 'TRANSIENT'].includes(error.code);

/** Replaces the card's message with `content` (chat.update needs the channel id Slack returned). */
const sendUpdate = (
  executionId: string,
  channel: string,
  card: PostedCard,
  content: CardContent,
  deps: CardDeps,
  waitOnRateLimit?: boolean,
): Promise<void> =>
  deps.chat.updateMessage(
    {
      channel: card.channelId,
      ts: card.ts,
      text: content.text,
      blocks: content.blocks,
      deliveryKey: cardKeyOf(executionId, channel),
    },
    waitOnRateLimit === undefined ? undefined : { waitOnRateLimit },
  );

/**
 * An intermediate change: one read and no write. The mark's version is the newest render a priority update
 * (or the post) claimed, so a render no newer than it is left out rather than sent over a failure or final
 * state. A rate-limited update is dropped at once: the next change renders the newest state anyway.
 * Two ordinary renders of one execution from two containers can still land out of order, as two claimed
 * ones could; the next change or the final state (a priority update) corrects the card.
 */
const ordinaryUpdate = async (
  executionId: string,
  channel: string,
  content: CardContent,
  deps: CardDeps,
  onLeftOut?: () => void,
): Promise<PostedCard | undefined> => {
  const mark = await deps.store.getCard(executionId, channel);
  if (!mark?.ts || !mark.channelId || mark.failedError) {
    return cardWithoutClaim(executionId, channel, content, deps, mark);
  }
  const card = mark as PostedCard;
  if (card.renderedVersion >= content.version) return card;
  try {
    await sendUpdate(executionId, channel, card, content, deps, false);
  } catch (error) {
    if (!isRateLimitOrTransient(error)) throw error;
    deps.log.info('card update dropped under Slack rate limits; the next change renders the newest state', {
      executionId,
      channel,
      errorCode: error.code,
    });
    onLeftOut?.();
    return card;
  }
  return { ...card, renderedVersion: content.version, renderHash: hashOf(content) };
};

/**
 * Keeps the one Slack message of an execution in a channel current: posts it once (a conditional claim
 * decides who posts), then updates it when a newer version changes it.
 * - An intermediate change reads where the card is and sends, with no write (see {@link ordinaryUpdate}).
 * - A priority change (failures, approvals, final states) first claims its render: only if its version is
 *   newer than the one claimed before and its content differs. The claim returns where the message is, so
 *   it costs one write and no read; it is what keeps a slower, older render from replacing it. Under a rate
 *   limit it waits, then gives its claim back and throws, so the transport retries. If an older render may
 *   have landed after it, the latest is rendered again.
 * Returns the posted card, or undefined when Slack refused it permanently.
 */
export const syncCard = async (
  executionId: string,
  channel: string,
  render: () => Promise<CardContent>,
  deps: CardDeps,
  options: SyncOptions = {},
): Promise<PostedCard | undefined> => {
  let content = await render();
  if (options.firstChange) return cardWithoutClaim(executionId, channel, content, deps);
  if (!options.priority) return ordinaryUpdate(executionId, channel, content, deps, options.onLeftOut);
  const hash = hashOf(content);
  const before = await deps.store.claimCardRender(executionId, channel, content.version, hash);
  if (!before) return cardWithoutClaim(executionId, channel, content, deps);
  try {
    await sendUpdate(executionId, channel, before, content, deps, true);
  } catch (error) {
    if (!isRateLimitOrTransient(error)) throw error;
    // Slack did not take it: give the render back, so the transport's retry can claim it again.
    await deps.store.releaseCardRender(executionId, channel, content.version, before);
    throw error;
  }
  const after = await deps.store.getCard(executionId, channel);
  if (after && after.renderedVersion > content.version) {
    // A newer version was claimed meanwhile and its update may have landed before ours: show the latest,
    // unless it looks exactly like what we just sent (then Slack already shows it).
    const latest = await render();
    if (hashOf(latest) !== hash) {
      content = latest;
      await sendUpdate(executionId, channel, before, content, deps);
    }
  }
  return { ...before, renderedVersion: content.version, renderHash: hashOf(content) };
};

const postCard = async (
  executionId: string,
  channel: string,
  content: CardContent,
  deps: CardDeps,
): Promise<PostedCard | undefined> => {
  try {
    const posted = await deps.chat.postMessage({
      channel,
      text: content.text,
      blocks: content.blocks,
      // One card per execution and channel: a post whose answer was lost is found, not posted again.
      deliveryKey: cardKeyOf(executionId, channel),
    });
    const renderHash = hashOf(content);
    await deps.store.saveCardPosted(executionId, channel, {
      channelId: posted.channel,
      ts: posted.ts,
      renderedVersion: content.version,
      renderHash,
    });
    return {
      channel,
      channelId: posted.channel,
      ts: posted.ts,
      renderedVersion: content.version,
      renderHash,
      claimedAt: deps.now().toISOString(),
    };
  } catch (error) {
    if (error instanceof PipegateError && error.code === 'PERMANENT_DELIVERY') {
      deps.log.error('Slack refused the execution card; not retrying for this execution and channel', {
        executionId,
        channel,
        errorMessage: error.message,
      });
      await deps.store.markCardFailed(executionId, channel, error.message);
      return undefined;
    }
    // Let the retry claim again at once instead of waiting for the claim to go stale.
    await deps.store.releaseCardClaim(executionId, channel);
    throw error;
  }
};
