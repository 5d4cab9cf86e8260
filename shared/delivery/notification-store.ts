/** Where a Slack card of one execution lives in one channel, and which render it shows. */
export interface CardMark {
  /** Channel as configured (`#deploys` or an id). */
  channel: string;
  /** Channel id Slack returned; chat.update needs the id. */
  channelId?: string;
  ts?: string;
  /** Card version shown in Slack (monotonic; an older render never replaces a newer one). */
  renderedVersion: number;
  renderHash?: string;
  claimedAt: string;
  /** Set when Slack refused the card permanently (e.g. channel_not_found): no more attempts. */
  failedError?: string;
}

export type PostedMark = CardMark & { ts: string; channelId: string };

export type DeliveryState = 'sending' | 'sent' | 'failed' | 'retry';

/**
 * Port: delivery bookkeeping, all single-item conditional writes. Marks make every notification
 * at-most-once per semantic event; a crash between sending and marking leaves a `sending` mark, visible
 * and bounded (never re-sent). Ingest's execution replies and emails keep `sending` after a successful send
 * too: their summary save proves them sent (see deliverOnce's `held`).
 */
export interface NotificationStore {
  getCard(executionId: string, channel: string): Promise<CardMark | undefined>;
  /** Claims the right to post the card; a claim older than `staleBefore` without a ts can be taken over. */
  claimCard(executionId: string, channel: string, at: string, staleBefore: string): Promise<boolean>;
  saveCardPosted(
    executionId: string,
    channel: string,
    posted: { channelId: string; ts: string; renderedVersion: number; renderHash: string },
  ): Promise<void>;
  /** Gives up a claim whose post failed transiently (only while no message was posted). */
  releaseCardClaim(executionId: string, channel: string): Promise<void>;
  markCardFailed(executionId: string, channel: string, error: string): Promise<void>;
  /**
   * Claims a render: only if `version` is newer than what is shown and the content changed. Returns the
   * mark as it was before the claim (where the message is, what it showed), or undefined when refused —
   * then, and only then, the caller reads the card. The claim replaces the read on the common path.
   */
  claimCardRender(
    executionId: string,
    channel: string,
    version: number,
    renderHash: string,
  ): Promise<PostedMark | undefined>;
  /** Undoes a render claim whose update Slack did not take (only while no newer render was claimed). */
  releaseCardRender(
    executionId: string,
    channel: string,
    claimedVersion: number,
    back: { renderedVersion: number; renderHash?: string },
  ): Promise<void>;
  claimDelivery(executionId: string, target: string, key: string, at: string): Promise<boolean>;
  /** The delivery mark as stored (undefined when never claimed). */
  getDelivery(
    executionId: string,
    target: string,
    key: string,
  ): Promise<{ state: DeliveryState; claimedAt: string } | undefined>;
  finishDelivery(
    executionId: string,
    target: string,
    key: string,
    result: { state: Exclude<DeliveryState, 'sending'>; ref?: string; error?: string },
  ): Promise<void>;
}
