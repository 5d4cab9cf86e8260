import { escapeMrkdwn, formatUtcDateTime, formatUtcTime, singleLine, truncate } from '../text/format';

/**
 * A safe http(s) URL for a `<url|label>` link, or undefined. The characters that end or split Slack's link
 * syntax (`|`, `<`, `>`) and whitespace are percent-encoded, so a URL from an event cannot break out of it.
 */
export const safeUrl = (url: string | undefined): string | undefined => {
  if (url === undefined || !/^https?:\/\/[^\s/]/i.test(url)) return undefined;
  return url.replace(/[|<>\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
};

/**
 * Event text as a mrkdwn code span. Slack still parses `<!channel>`, `<@U…>` and `<url|label>` inside
 * backticks, so the span content goes through the same escape as any other text; a backtick inside would end
 * the span early, so it becomes a quote.
 * @example
 * mrkdwnCode('<!channel> `x`'); // '`&lt;!channel&gt; \'x\'`'
 */
export const mrkdwnCode = (text: string): string =>
  `\`${escapeMrkdwn(singleLine(text).replace(/`/g, "'"))}\``;

/**
 * A mrkdwn link; the label alone (escaped) when the URL is missing or not http(s).
 * @example
 * mrkdwnLink('https://github.com/acme/api/commit/9c4e1f7', '9c4e1f7'); // '<https://…|9c4e1f7>'
 */
export const mrkdwnLink = (url: string | undefined, label: string): string => {
  const href = safeUrl(url);
  const text = escapeMrkdwn(singleLine(label));
  return href === undefined ? text : `<${href}|${text}>`;
};

/**
 * A time shown in each reader's own time zone by Slack, with a UTC fallback for clients (and notification
 * previews) that cannot format it. Falls back to the raw text when `iso` is not a date.
 * @example
 * slackDate('2026-11-27T10:04:55Z', 'dateTime'); // '<!date^1795775095^{date_short_pretty} {time}|Fri 27 Nov 2026 10:04 UTC>'
 */
export const slackDate = (iso: string, format: 'time' | 'dateTime'): string => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  const seconds = Math.floor(ms / 1000);
  return format === 'time'
    ? `<!date^${seconds}^{time}|${formatUtcTime(iso)}>`
    : `<!date^${seconds}^{date_short_pretty} {time}|${formatUtcDateTime(iso)}>`;
};

/**
 * Turns configured mention targets into Slack mention syntax: user ids (`U…`/`W…`) → `<@U…>`, user-group ids
 * (`S…`) → `<!subteam^S…>`, `here`/`channel` (with or without `@`) → `<!here>`/`<!channel>`. Targets already in
 * `<…>` form pass through; anything else is shown as escaped text rather than trusted as syntax.
 */
export const formatMention = (target: string): string => {
  const value = target.trim();
  if (/^<[@!#][^<>]+>$/.test(value)) return value;
  if (/^@?(here|channel|everyone)$/i.test(value)) return `<!${value.replace('@', '').toLowerCase()}>`;
  if (/^[UW][A-Z0-9]{2,}$/.test(value)) return `<@${value}>`;
  if (/^S[A-Z0-9]{2,}$/.test(value)) return `<!subteam^${value}>`;
  return escapeMrkdwn(value);
};

/**
 * Escapes user text and cuts it so the *escaped* form fits `max` characters. Cutting before escaping keeps
 * entities whole (no dangling `&am…`); the loop only repeats for text dense in `&`, `<` and `>`.
 */
export const escapeWithin = (text: string, max: number): string => {
  let raw = truncate(text, max);
  let escaped = escapeMrkdwn(raw);
  while (escaped.length > max && raw.length > 1) {
    // Shrink in proportion to the overshoot, and by at least one character per round.
    const next = Math.max(1, Math.min(raw.length - 1, Math.floor((raw.length * max) / escaped.length)));
    raw = truncate(text, next);
    escaped = escapeMrkdwn(raw);
  }
  return escaped;
};

/** User-supplied text as a mrkdwn block quote, escaped and cut to about `max` characters. */
export const mrkdwnQuote = (text: string, max: number): string =>
  escapeWithin(text.trim(), max)
    .split(/\r?\n|\r/)
    .map((line) => `>${line}`)
    .join('\n');

/**
 * Cuts mrkdwn to `max` characters at a line break where possible, so links and entities — which never span
 * lines here — stay intact. A last resort: callers bound each part well below Slack's limits.
 */
export const fitMrkdwn = (text: string, max: number): string => {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max - 2);
  return cut > 0 ? `${text.slice(0, cut)}\n…` : truncate(text, max);
};
