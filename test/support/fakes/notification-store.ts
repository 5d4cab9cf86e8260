import type {
  CardMark,
  DeliveryState,
  NotificationStore,
  PostedMark,
} from '../../../shared/delivery/notification-store';
import { copy, Faults } from './faults';

interface DeliveryMark {
  state: DeliveryState;
  claimedAt: string;
  ref?: string;
  error?: string;
}

/**
 * {@link NotificationStore} in memory with the DynamoDB adapter's conditions: a card claim only when there is
 * none or a stale one without a message; a render claim only over a posted card with an older version and
 * other content (returning the mark as it was); a delivery claim only when unclaimed or released for retry.
 */
export class InMemoryNotificationStore implements NotificationStore {
  readonly faults = new Faults<keyof NotificationStore>();
  private readonly cards = new Map<string, CardMark>();
  private readonly deliveries = new Map<string, DeliveryMark>();

  private static cardKey(executionId: string, channel: string): string {
    return `${executionId}#${channel}`;
  }

  private static deliveryKey(executionId: string, target: string, key: string): string {
    return `${executionId}#${target}#${key}`;
  }

  /** The stored card mark, for setup by another worker or assertions. */
  card(executionId: string, channel: string): CardMark | undefined {
    const mark = this.cards.get(InMemoryNotificationStore.cardKey(executionId, channel));
    return mark ? copy(mark) : undefined;
  }

  putCard(executionId: string, mark: CardMark): void {
    this.cards.set(InMemoryNotificationStore.cardKey(executionId, mark.channel), copy(mark));
  }

  delivery(executionId: string, target: string, key: string): DeliveryMark | undefined {
    const mark = this.deliveries.get(InMemoryNotificationStore.deliveryKey(executionId, target, key));
    return mark ? copy(mark) : undefined;
  }

  putDelivery(executionId: string, target: string, key: string, mark: DeliveryMark): void {
    this.deliveries.set(InMemoryNotificationStore.deliveryKey(executionId, target, key), copy(mark));
  }

  async getCard(executionId: string, channel: string): Promise<CardMark | undefined> {
    this.faults.check('getCard');
    return this.card(executionId, channel);
  }

  async claimCard(executionId: string, channel: string, at: string, staleBefore: string): Promise<boolean> {
    this.faults.check('claimCard');
    const mark = this.card(executionId, channel);
    if (mark && (mark.ts !== undefined || mark.claimedAt >= staleBefore)) return false;
    this.putCard(executionId, { channel, renderedVersion: 0, claimedAt: at });
    return true;
  }

  async saveCardPosted(
    executionId: string,
    channel: string,
    posted: { channelId: string; ts: string; renderedVersion: number; renderHash: string },
  ): Promise<void> {
    this.faults.check('saveCardPosted');
    const mark = this.card(executionId, channel) ?? { channel, renderedVersion: 0, claimedAt: '' };
    this.putCard(executionId, { ...mark, ...posted });
  }

  async releaseCardClaim(executionId: string, channel: string): Promise<void> {
    this.faults.check('releaseCardClaim');
    const mark = this.card(executionId, channel);
    if (!mark || mark.ts !== undefined) return;
    this.putCard(executionId, { ...mark, claimedAt: '1970-01-01T00:00:00.000Z' });
  }

  async markCardFailed(executionId: string, channel: string, error: string): Promise<void> {
    this.faults.check('markCardFailed');
    const mark = this.card(executionId, channel) ?? { channel, renderedVersion: 0, claimedAt: '' };
    this.putCard(executionId, { ...mark, failedError: error });
  }

  async claimCardRender(
    executionId: string,
    channel: string,
    version: number,
    renderHash: string,
  ): Promise<PostedMark | undefined> {
    this.faults.check('claimCardRender');
    const mark = this.card(executionId, channel);
    // DynamoDB: a comparison with a missing attribute is false, so a card without a hash is not claimable.
    if (!mark?.ts || !mark.channelId || mark.renderHash === undefined) return undefined;
    if (!(mark.renderedVersion < version) || mark.renderHash === renderHash) return undefined;
    this.putCard(executionId, { ...mark, renderedVersion: version, renderHash });
    return mark as PostedMark;
  }

  async releaseCardRender(
    executionId: string,
    channel: string,
    claimedVersion: number,
    back: { renderedVersion: number; renderHash?: string },
  ): Promise<void> {
    this.faults.check('releaseCardRender');
    const mark = this.card(executionId, channel);
    if (!mark || mark.renderedVersion !== claimedVersion) return;
    this.putCard(executionId, {
      ...mark,
      renderedVersion: back.renderedVersion,
      renderHash: back.renderHash ?? '',
    });
  }

  async claimDelivery(executionId: string, target: string, key: string, at: string): Promise<boolean> {
    this.faults.check('claimDelivery');
    const mark = this.delivery(executionId, target, key);
    if (mark && mark.state !== 'retry') return false;
    this.putDelivery(executionId, target, key, { state: 'sending', claimedAt: at });
    return true;
  }

  async getDelivery(
    executionId: string,
    target: string,
    key: string,
  ): Promise<{ state: DeliveryState; claimedAt: string } | undefined> {
    this.faults.check('getDelivery');
    const mark = this.delivery(executionId, target, key);
    return mark ? { state: mark.state, claimedAt: mark.claimedAt } : undefined;
  }

  async finishDelivery(
    executionId: string,
    target: string,
    key: string,
    result: { state: Exclude<DeliveryState, 'sending'>; ref?: string; error?: string },
  ): Promise<void> {
    this.faults.check('finishDelivery');
    const mark = this.delivery(executionId, target, key) ?? { state: 'sending', claimedAt: '' };
    this.putDelivery(executionId, target, key, { ...mark, ...result });
  }
}
