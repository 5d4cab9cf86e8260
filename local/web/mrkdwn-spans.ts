// Slack mrkdwn → spans the page renders as DOM nodes (text only, never HTML), the way the Slack client shows it.

/** One run of text with the one style Slack gives it. */
export type Span =
  | { kind: 'text' | 'bold' | 'italic' | 'strike' | 'code' | 'mention' | 'quote'; text: string }
  | { kind: 'link'; text: string; href: string };

/** Display names of the workspace's users (`U…`) and user groups (`S…`), for mentions. */
export type NameLookup = (id: string) => string | undefined;

const unescapeMrkdwn = (text: string): string =>
  text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

const STYLES: Record<string, 'bold' | 'italic' | 'strike' | 'code'> = {
  '*': 'bold',
  _: 'italic',
  '~': 'strike',
  '`': 'code',
};
// A style marker opens after a line start, space or bracket and closes before the end, a space or punctuation.
const STYLED = /(^|[\s(])([*_~`])([^*_~`\n]+?)\2(?=$|[\s.,;:!?)])/g;

const styledSpans = (text: string): Span[] => {
  const spans: Span[] = [];
  let last = 0;
  for (const match of text.matchAll(STYLED)) {
    const [whole, before = '', marker = '', inner = ''] = match;
    const start = match.index ?? 0;
    spans.push({ kind: 'text', text: unescapeMrkdwn(text.slice(last, start) + before) });
    spans.push({ kind: STYLES[marker] ?? 'text', text: unescapeMrkdwn(inner) });
    last = start + whole.length;
  }
  spans.push({ kind: 'text', text: unescapeMrkdwn(text.slice(last)) });
  return spans;
};

/** `<…>` tokens: links, user and group mentions, special mentions and formatted dates. */
const angleSpan = (token: string, names: NameLookup): Span => {
  const [target = '', label] = token.split('|', 2);
  if (target.startsWith('@'))
    return { kind: 'mention', text: `@${names(target.slice(1)) ?? target.slice(1)}` };
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    return { kind: 'mention', text: label ? `@${label.replace(/^@/, '')}` : `@${names(id) ?? id}` };
  }
  if (target.startsWith('!date^')) return { kind: 'text', text: unescapeMrkdwn(label ?? '') };
  if (target.startsWith('!')) return { kind: 'mention', text: `@${target.slice(1)}` };
  if (/^(https?|mailto):/i.test(target))
    return { kind: 'link', href: target, text: unescapeMrkdwn(label ?? target) };
  return { kind: 'text', text: unescapeMrkdwn(token) };
};

/**
 * Parses one mrkdwn text into spans: links keep their label and URL, mentions become `@Name`, `*bold*`,
 * `_italic_`, `~strike~` and `` `code` `` become styled spans, quote markers become quote spans.
 * @example mrkdwnSpans('*prod-api* <@U0JANE001>', lookup) // bold 'prod-api', text ' ', mention '@Jane Doe'
 */
export const mrkdwnSpans = (mrkdwn: string, names: NameLookup): Span[] => {
  const spans: Span[] = [];
  const lines = mrkdwn.split('\n');
  lines.forEach((rawLine, index) => {
    const quoted = /^> ?/.test(rawLine);
    const line = rawLine.replace(/^> ?/, '');
    const lineSpans: Span[] = [];
    let last = 0;
    for (const match of line.matchAll(/<([^<>]+)>/g)) {
      const start = match.index ?? 0;
      lineSpans.push(...styledSpans(line.slice(last, start)), angleSpan(match[1] ?? '', names));
      last = start + match[0].length;
    }
    lineSpans.push(...styledSpans(line.slice(last)));
    const kept = lineSpans.filter((span) => span.text !== '');
    spans.push(
      ...(quoted ? [{ kind: 'quote' as const, text: kept.map((span) => span.text).join('') }] : kept),
    );
    if (index < lines.length - 1) spans.push({ kind: 'text', text: '\n' });
  });
  return spans;
};

/** The spans as plain text, as a person reads them. */
export const spansText = (spans: readonly Span[]): string => spans.map((span) => span.text).join('');
