// What was sent and recorded: Slack messages (as the stand-in holds them now), emails, and the audit log.
import { decisionText, el, linkify, time } from './dom.js';

/** Emails the reader has opened stay open across the 2 s re-render. */
const openEmails = new Set();

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
        { class: 'message' },
        ...root.lines.map((line) => el('div', { class: 'line', text: line })),
        el('div', { class: 'meta', text: `${root.channel} · updated ${root.updates}×` }),
        replies.length
          ? el(
              'div',
              { class: 'thread' },
              ...replies.map((reply) => el('div', { class: 'line', text: reply.lines.join('\n') })),
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
