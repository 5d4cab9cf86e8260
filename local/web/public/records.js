// What was sent and recorded: Slack messages (as the stand-in holds them now), emails, and the audit log.
import { decisionText, el, linkify, safeLink, time } from './dom.js';

/** Emails the reader has opened stay open across the 2 s re-render. */
const openEmails = new Set();

/** Draws mrkdwn spans (built by local/web/mrkdwn-spans.ts) as DOM nodes: text only, links checked. */
const spanNodes = (spans) =>
  spans.map((span) => {
    if (span.kind === 'bold') return el('b', { text: span.text });
    if (span.kind === 'italic') return el('i', { text: span.text });
    if (span.kind === 'strike') return el('s', { text: span.text });
    if (span.kind === 'code') return el('code', { text: span.text });
    if (span.kind === 'mention') return el('span', { class: 'sk-mention', text: span.text });
    if (span.kind === 'quote') return el('span', { class: 'sk-quote', text: span.text });
    if (span.kind === 'link') return safeLink(span.href, span.text);
    return document.createTextNode(span.text);
  });

/** One Block Kit block the way the Slack client lays it out. */
const blockNode = (block) => {
  if (block.type === 'header') return el('div', { class: 'sk-header' }, ...spanNodes(block.spans));
  if (block.type === 'divider') return el('hr', { class: 'sk-divider' });
  if (block.type === 'context')
    return el(
      'div',
      { class: 'sk-context' },
      ...block.elements.map((spans) => el('span', {}, ...spanNodes(spans))),
    );
  if (block.type === 'actions')
    return el(
      'div',
      { class: 'sk-actions' },
      ...block.buttons.map((button) =>
        el('button', {
          class: `sk-button ${button.style ?? ''}`,
          disabled: '',
          title: 'Click it as a person on the approval card above',
          text: button.text,
        }),
      ),
    );
  return el(
    'div',
    { class: 'sk-section' },
    el('div', {}, ...spanNodes(block.spans)),
    block.fields.length
      ? el('div', { class: 'sk-fields' }, ...block.fields.map((spans) => el('div', {}, ...spanNodes(spans))))
      : undefined,
  );
};

const messageBody = (message) => message.blocks.map(blockNode);

export const renderSlack = (messages) => {
  const roots = messages
    .filter((m) => !m.threadTs)
    .slice(-12)
    .reverse();
  const box = document.querySelector('#slack');
  box.replaceChildren(
    ...roots.map((root) => {
      const replies = messages.filter((m) => m.threadTs === root.ts);
      return el(
        'div',
        { class: 'message', 'data-ts': root.ts },
        ...messageBody(root),
        el('div', { class: 'meta', text: `${root.channel} · updated ${root.updates}×` }),
        replies.length
          ? el(
              'div',
              { class: 'thread' },
              ...replies.map((reply) => el('div', { class: 'reply' }, ...messageBody(reply))),
            )
          : undefined,
      );
    }),
  );
  if (roots.length === 0) box.append(el('p', { class: 'empty', text: 'No messages yet.' }));
};

export const renderEmails = (emails) => {
  const box = document.querySelector('#emails');
  box.replaceChildren(
    ...emails
      .map((mail, index) => ({ mail, key: `${index}` }))
      .slice(-15)
      .reverse()
      .map(({ mail, key }) => {
        const details = el(
          'details',
          { class: 'email', 'data-email': key },
          el('summary', { text: `${mail.subject ?? '(no subject)'} → ${mail.to}` }),
          el('pre', {}, linkify(mail.body)),
        );
        details.open = openEmails.has(key);
        details.addEventListener('toggle', () =>
          details.open ? openEmails.add(key) : openEmails.delete(key),
        );
        return details;
      }),
  );
  if (emails.length === 0) box.append(el('p', { class: 'empty', text: 'No emails yet.' }));
};

export const renderAudit = (entries) => {
  const body = document.querySelector('#audit tbody');
  body.replaceChildren(
    ...entries
      .slice(-30)
      .reverse()
      .map((entry) =>
        el(
          'tr',
          {},
          el('td', { text: time(entry.at) }),
          el('td', { text: entry.action }),
          el('td', {
            class: entry.outcome === 'ok' ? 'state-SUCCEEDED' : 'state-FAILED',
            text: entry.reason ? `${entry.outcome} (${entry.reason})` : entry.outcome,
          }),
          el('td', { text: entry.actor?.name ?? entry.actor?.id ?? '' }),
          el('td', { text: entry.channel ?? '' }),
          el('td', { text: entry.pipeline ?? '' }),
          el('td', { text: `${decisionText(entry)}${entry.comment ? `: ${entry.comment}` : ''}` }),
        ),
      ),
  );
  if (entries.length === 0)
    body.append(el('tr', {}, el('td', { colspan: '7', class: 'empty', text: 'Nothing recorded yet.' })));
};
