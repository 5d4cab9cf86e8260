/**
 * Names the card of an execution in a channel for Slack: a post whose answer was lost is found by it, and the
 * Slack adapter remembers when it last changed the card (under rate limits a card shown lately gives way).
 */
export const cardKeyOf = (executionId: string, channel: string): string => `${executionId}/card:${channel}`;

/** Is this delivery key a card's (not a thread reply's or a reminder's)? */
export const isCardKey = (key: string): boolean => key.includes('/card:');

/**
 * Under Slack rate limits, a card unchanged for this long is due for an update: the rate gate then asks only
 * one slot above the priority reserve for it, and ingest shows a change it left out once this much has passed.
 */
export const CARD_DUE_MS = 40_000;
