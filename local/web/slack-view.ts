import type { SlackMessage } from '../standins/slack';
import { mrkdwnSpans, type NameLookup, type Span, spansText } from './mrkdwn-spans';

export interface SlackButtonView {
  actionId: string;
  value: string;
  text: string;
  style?: 'primary' | 'danger';
}

/** One Block Kit block as the page draws it (the way the Slack client lays it out). */
export type BlockView =
  | { type: 'header'; spans: Span[] }
  | { type: 'section'; spans: Span[]; fields: Span[][] }
  | { type: 'context'; elements: Span[][] }
  | { type: 'actions'; buttons: SlackButtonView[] }
  | { type: 'divider' };

/** A Slack message as the local page shows it: its blocks, plain lines of them, and its buttons. */
export interface SlackMessageView {
  channel: string;
  ts: string;
  threadTs?: string;
  updates: number;
  blocks: BlockView[];
  lines: string[];
  buttons: SlackButtonView[];
}

type Block = Record<string, unknown>;

const noNames: NameLookup = () => undefined;

const textObject = (value: unknown): { type?: unknown; text: string } | undefined =>
  typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string'
    ? (value as { type?: unknown; text: string })
    : undefined;

/** plain_text is shown as it is; mrkdwn is parsed. */
const spansOf = (value: unknown, names: NameLookup): Span[] | undefined => {
  const object = textObject(value);
  if (!object) return undefined;
  return object.type === 'plain_text'
    ? [{ kind: 'text', text: object.text }]
    : mrkdwnSpans(object.text, names);
};

/** Each text object of a list (fields, context elements) as its own run of spans. */
const spanLists = (value: unknown, names: NameLookup): Span[][] =>
  (Array.isArray(value) ? value : []).flatMap((item) => {
    const spans = spansOf(item, names);
    return spans ? [spans] : [];
  });

const buttonOf = (element: Block): SlackButtonView => ({
  actionId: String(element.action_id),
  value: String(element.value ?? ''),
  text: textObject(element.text)?.text ?? String(element.action_id),
  ...(element.style === 'primary' || element.style === 'danger' ? { style: element.style } : {}),
});

const blockView = (block: Block, names: NameLookup): BlockView | undefined => {
  const list = (value: unknown): Block[] => (Array.isArray(value) ? (value as Block[]) : []);
  switch (block.type) {
    case 'header':
      return { type: 'header', spans: spansOf(block.text, names) ?? [] };
    case 'section':
      return {
        type: 'section',
        spans: spansOf(block.text, names) ?? [],
        fields: spanLists(block.fields, names),
      };
    case 'context':
      return {
        type: 'context',
        elements: spanLists(block.elements, names),
      };
    case 'actions':
      return {
        type: 'actions',
        buttons: list(block.elements)
          .filter((element) => element.type === 'button' && typeof element.action_id === 'string')
          .map(buttonOf),
      };
    case 'divider':
      return { type: 'divider' };
    default:
      return undefined;
  }
};

const linesOf = (view: BlockView): string[] => {
  switch (view.type) {
    case 'header':
      return [spansText(view.spans)];
    case 'section':
      return [spansText(view.spans), ...view.fields.map(spansText)].filter(Boolean);
    case 'context':
      return [view.elements.map(spansText).join('  ·  ')];
    default:
      return [];
  }
};

/** Slack mrkdwn as a person reads it in the client: link labels, formatted dates, names for mentions. */
export const plainMrkdwn = (text: string, names: NameLookup = noNames): string =>
  spansText(mrkdwnSpans(text, names));

/**
 * A stand-in message as the page draws it: Block Kit blocks (sections, context, buttons) with mentions
 * resolved to names, plus plain lines and the buttons' action ids and values.
 */
export const toSlackMessageView = (message: SlackMessage, names: NameLookup = noNames): SlackMessageView => {
  const blocks = (Array.isArray(message.blocks) ? message.blocks : []) as Block[];
  const views = blocks.map((block) => blockView(block, names)).filter((view): view is BlockView => !!view);
  const fallback: BlockView = {
    type: 'section',
    spans: mrkdwnSpans(String(message.text ?? ''), names),
    fields: [],
  };
  const shown = views.length > 0 ? views : [fallback];
  return {
    channel: message.channel,
    ts: message.ts,
    threadTs: message.thread_ts,
    updates: message.updates,
    blocks: shown,
    lines: shown.flatMap(linesOf),
    buttons: shown.flatMap((view) => (view.type === 'actions' ? view.buttons : [])),
  };
};
