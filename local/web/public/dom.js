// Small DOM and formatting helpers for the local page. Data only ever reaches the page as textContent or as
// the href of a link whose scheme was checked, never as HTML.

/** Builds an element: `text` sets textContent, `on<event>` adds a listener, anything else is an attribute. */
export const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
};

/** A link only for http(s) URLs, so a `javascript:` URL in recorded data stays inert text. */
export const safeLink = (url, text = url, props = {}) =>
  /^https?:\/\//i.test(url ?? '')
    ? el('a', { href: url, target: '_blank', rel: 'noreferrer', ...props, text })
    : el('span', { text: text ?? '' });

/** Text with every http(s) URL in it turned into a link (email bodies). */
export const linkify = (text) => {
  const span = el('span');
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    span.append(text.slice(last, match.index), safeLink(match[0]));
    last = match.index + match[0].length;
  }
  span.append(text.slice(last));
  return span;
};

export const getJson = async (url) => {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
};

export const time = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(5, 19) : '');

/**
 * The one duration rule (shared/present/text/format.ts formatDuration, which Slack, email and the CLI use):
 * whole seconds rounded down, `45s`, `3m 05s`, `1h 02m`, `2d 03h`. A unit test holds the two together.
 */
export const duration = (ms) => {
  if (ms === undefined || ms === null) return '';
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const pad = (n) => String(n).padStart(2, '0');
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${pad(total % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${pad(hours % 24)}h`;
};

export const triggerText = (t) =>
  !t
    ? ''
    : t.commitId
      ? `${t.commitId.slice(0, 7)} ${t.authorName ?? ''} — ${(t.commitMessage ?? '').split('\n')[0]}`
      : (t.type ?? '');

/** An audit entry's decision; on a refused attempt it is what the person tried, not what happened. */
export const decisionText = (entry, prefix = '') =>
  entry.decision
    ? `${prefix}${entry.outcome === 'ok' ? entry.decision : `tried to ${entry.decision === 'Rejected' ? 'reject' : 'approve'}`}`
    : '';

const STATE_EMOJI = {
  STARTED: '⏳',
  RESUMED: '⏳',
  STOPPING: '⏹️',
  STOPPED: '⏹️',
  SUCCEEDED: '✅',
  FAILED: '❌',
  CANCELED: '🚫',
  SUPERSEDED: '⏭️',
};

/** A coloured state cell text: emoji and CodePipeline's own state word. */
export const stateCell = (state = 'STARTED', extra = '') =>
  el('td', { class: `state-${state}`, text: `${STATE_EMOJI[state] ?? '•'} ${state}${extra}` });
