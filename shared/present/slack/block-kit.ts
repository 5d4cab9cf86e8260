import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { fitMrkdwn } from './mrkdwn';

/** Slack's limits: blocks per message, characters per text object, elements per context block. */
export const MAX_BLOCKS = 50;
export const MAX_TEXT = 3000;
const MAX_CONTEXT_ELEMENTS = 10;

/** A message as Slack's chat.postMessage / chat.update take it: `text` is the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A mrkdwn section, cut to Slack's text limit. */
export const section = (text: string, blockId?: string): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: fitMrkdwn(text, MAX_TEXT) },
  ...(blockId === undefined ? {} : { block_id: blockId }),
});

/** A context block of small grey mrkdwn lines; empty parts are dropped. */
export const context = (parts: readonly (string | undefined)[]): ContextBlock => ({
  type: 'context',
  elements: parts
    .filter((part): part is string => part !== undefined && part !== '')
    .slice(0, MAX_CONTEXT_ELEMENTS)
    .map((part) => ({ type: 'mrkdwn', text: fitMrkdwn(part, MAX_TEXT) })),
});

/**
 * Splits lines into as few mrkdwn texts as possible, each within Slack's limit, so a long stage list
 * becomes several sections instead of one cut-off section.
 */
export const chunkLines = (lines: readonly string[], max = MAX_TEXT): string[] => {
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    const fitted = fitMrkdwn(line, max);
    if (current !== '' && current.length + 1 + fitted.length > max) {
      chunks.push(current);
      current = fitted;
    } else {
      current = current === '' ? fitted : `${current}\n${fitted}`;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
};

/**
 * Keeps a message within Slack's block limit: when the body is too long it is cut and a note says so, and
 * the footer (links) always survives. Empty context blocks are dropped (Slack rejects them).
 */
export const fitBlocks = (body: readonly KnownBlock[], footer: readonly KnownBlock[]): KnownBlock[] => {
  const keep = (block: KnownBlock): boolean => block.type !== 'context' || block.elements.length > 0;
  const head = body.filter(keep);
  const tail = footer.filter(keep);
  if (head.length + tail.length <= MAX_BLOCKS) return [...head, ...tail];
  const room = MAX_BLOCKS - tail.length - 1;
  const note = context([`… ${head.length - room} more blocks left out; open the console for the rest.`]);
  return [...head.slice(0, room), note, ...tail];
};
