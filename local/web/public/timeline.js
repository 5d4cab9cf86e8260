// One execution end to end (GET /audit/executions/{id}): stages with durations, failures with their log links,
// approvals with who decided, then every state change and audit entry in time order, refused attempts included.
import { decisionText, duration, el, safeLink, stateCell, time, triggerText } from './dom.js';

const table = (headings, rows) =>
  el(
    'table',
    { class: 'compact' },
    el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { text: h })))),
    el('tbody', {}, ...rows),
  );

const stagesTable = (stages) =>
  table(
    ['Stage', 'State', 'Attempt', 'Started', 'Duration'],
    stages.map((s) =>
      el(
        'tr',
        {},
        el('td', { text: s.name }),
        stateCell(s.state),
        el('td', { text: String(s.attempt) }),
        el('td', { text: time(s.startedAt) }),
        el('td', { text: duration(s.durationMs) }),
      ),
    ),
  );

const failureRow = (f) =>
  el(
    'div',
    { class: 'row failure' },
    el('strong', { text: `❌ ${[f.stage, f.action].filter(Boolean).join(' / ')} ` }),
    el('span', { text: `${f.errorCode ?? ''} ${f.summary ?? ''} ` }),
    f.externalUrl ? safeLink(f.externalUrl, 'open the log') : undefined,
  );

const approvalRow = (a) => {
  const who = a.decidedBy ? ` by ${a.decidedBy.name ?? a.decidedBy.id} via ${a.channel ?? '?'}` : '';
  const when = a.decidedAt ? ` at ${time(a.decidedAt)}` : ` · expires ${time(a.expiresAt)}`;
  return el('div', {
    class: 'row',
    text: `🙋 ${a.stage} / ${a.action}: ${a.decision ?? a.status}${who}${when}${a.comment ? ` — “${a.comment}”` : ''}`,
  });
};

/** Pipeline events and audit entries merged into one time-ordered list. */
const historyRows = (timeline) =>
  [
    ...timeline.events.map((e) => ({
      at: e.time,
      refused: false,
      text: `${e.level} ${[e.stage, e.action].filter(Boolean).join(' / ')} ${e.state}`.replace(/\s+/g, ' '),
    })),
    ...timeline.audit.map((e) => ({
      at: e.at,
      refused: e.outcome !== 'ok',
      text: `audit ${e.action} ${e.outcome}${e.reason ? ` (${e.reason})` : ''}${decisionText(e, ' ')}${
        e.actor ? ` — ${e.actor.name ?? e.actor.id}` : ''
      }${e.channel ? ` via ${e.channel}` : ''}`,
    })),
  ]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((row) =>
      el('div', { class: `row${row.refused ? ' refused' : ''}`, text: `${time(row.at)}  ${row.text}` }),
    );

export const renderTimeline = (timeline) => {
  document.querySelector('#timeline-section').hidden = false;
  const execution = timeline.execution;
  document.querySelector('#timeline-title').textContent =
    `${execution?.pipeline ?? ''} ${timeline.executionId}`;
  document.querySelector('#timeline').replaceChildren(
    execution
      ? el('p', {
          class: 'meta',
          text: `${execution.state ?? 'STARTED'} · ${triggerText(execution.trigger)} · started ${time(
            execution.startTime,
          )} · ${duration(execution.durationMs) || 'running'}`,
        })
      : undefined,
    timeline.stages.length ? stagesTable(timeline.stages) : undefined,
    ...timeline.failures.map(failureRow),
    ...timeline.approvals.map(approvalRow),
    el('h3', { text: 'In order' }),
    ...historyRows(timeline),
  );
};
