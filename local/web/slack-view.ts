import type { SlackMessage } from '../standins/slack';

export interface SlackButtonView {
  actionId: string;
  value: string;
  text: string;
}

/** A Slack message as the local page shows it: plain lines of its blocks, and its buttons. */
export interface SlackMessageView {
  channel: string;
  ts: string;
  threadTs?: string;
  updates: number;
  lines: string[];
  buttons: SlackButtonView[];
}

type Block = Record<string, unknown>;

const textOf = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string'
    ? (value as { text: string }).text
    : undefined;

/** The readable text of one Block Kit block (sections, context, headers, fields). */
const linesOf = (block: Block): string[] => {
  const lines: string[] = [];
  const own = textOf(block.text);
  if (own) lines.push(own);
  for (const field of Array.isArray(block.fields) ? block.fields : []) {
    const text = textOf(field);
    if (text) lines.push(text);
  }
  if (block.type === 'context' && Array.isArray(block.elements)) {
    lines.push(block.elements.map(textOf).filter(Boolean).join('  ·  '));
  }
  return lines;
};

const buttonsOf = (block: Block): SlackButtonView[] =>
  block.type === 'actions' && Array.isArray(block.elements)
    ? block.elements
        .filter((element: Block) => element.type === 'button' && typeof element.action_id === 'string')
        .map((element: Block) => ({
          actionId: String(element.action_id),
          value: String(element.value ?? ''),
          text: textOf(element.text) ?? String(element.action_id),
        }))
    : [];

/** Slack mrkdwn as a person reads it in the client: link labels, formatted dates, no markup characters. */
export const plainMrkdwn = (text: string): string =>
  text
    // A quote marker is a raw `>` at a line start; quoted text's own `>` arrives escaped as `&gt;` and stays.
    .replace(/^> ?/gm, '')
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<!subteam\^[^|>]+\|?([^>]*)>/g, (_, name: string) => `@${name || 'group'}`)
    .replace(/<(?:https?|mailto):[^|>]+\|([^>]+)>/g, '$1')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** Flattens a stand-in message into what a browser can show without knowing Block Kit. */
export const toSlackMessageView = (message: SlackMessage): SlackMessageView => {
  const blocks = (Array.isArray(message.blocks) ? message.blocks : []) as Block[];
  const lines = blocks.flatMap(linesOf).map(plainMrkdwn);
  return {
    channel: message.channel,
    ts: message.ts,
    threadTs: message.thread_ts,
    updates: message.updates,
    lines: lines.length > 0 ? lines : [plainMrkdwn(String(message.text ?? ''))],
    buttons: blocks.flatMap(buttonsOf),
  };
};
