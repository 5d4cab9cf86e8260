// The local pipegate page: plain browser JavaScript, no build step. All data comes from the real audit API
// (/audit/*) and the stand-ins' records (/local/overview). Text is always set with textContent.

const PEOPLE = [
  { id: 'U0JANE001', name: 'Jane' },
  { id: 'U0SAM0002', name: 'Sam' },
  { id: 'U0ALEX003', name: 'Alex (not an approver)' },
];
const state = { selected: undefined, notice: {} };

const el = (tag, props = {}, ...children) => {
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
const getJson = async (url) => {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
};
const time = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(5, 19) : '');
const duration = (ms) => {
  if (ms === undefined || ms === null) return '';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
};
const triggerText = (t) =>
  !t
    ? ''
    : t.commitId
      ? `${t.commitId.slice(0, 7)} ${t.authorName ?? ''} — ${(t.commitMessage ?? '').split('\n')[0]}`
      : (t.type ?? '');

const renderExecutions = (items) => {
  const body = document.querySelector('#executions tbody');
  body.replaceChildren(
    ...items.map((item) =>
      el(
        'tr',
        {
          class: `clickable${item.executionId === state.selected ? ' selected' : ''}`,
          'data-execution': item.executionId,
          onclick: () => selectExecution(item.executionId),
        },
        el('td', { text: item.pipeline }),
        el('td', { text: item.executionId.slice(0, 8) }),
        el('td', { class: `state-${item.state ?? 'STARTED'}`, text: item.state ?? 'STARTED' }),
        el('td', { text: triggerText(item.trigger) }),
        el('td', { text: time(item.startTime) }),
        el('td', { text: duration(item.durationMs) }),
      ),
    ),
  );
  if (items.length === 0)
    body.append(el('tr', {}, el('td', { colspan: '6', class: 'empty', text: 'No executions yet.' })));
};

const click = async (message, button, user, approvalId) => {
  const comment =
    button.actionId === 'pipegate.reject'
      ? (window.prompt('Why do you reject this change?') ?? undefined)
      : undefined;
  const result = await fetch('/local/slack/click', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      userId: user.id,
      channel: message.channel,
      ts: message.ts,
      actionId: button.actionId,
      value: button.value,
      comment,
    }),
  }).then((r) => r.json());
  state.notice[approvalId] = result.told?.length
    ? `Slack told ${user.name}: ${result.told.join(' ')}`
    : `${user.name} clicked ${button.text}.`;
  await refresh();
};

const renderPending = (pending, overview) => {
  const box = document.querySelector('#pending');
  if (pending.length === 0) {
    box.replaceChildren(el('p', { class: 'empty', text: 'Nothing is waiting.' }));
    return;
  }
  box.replaceChildren(
    ...pending.map((approval) => {
      const message = overview.slack.find((m) =>
        m.buttons.some((b) => b.value.includes(approval.approvalId)),
      );
      const slackButtons = message
        ? PEOPLE.flatMap((user) =>
            message.buttons.map((button) =>
              el('button', {
                class: button.actionId === 'pipegate.approve' ? 'approve' : 'reject',
                'data-user': user.id,
                'data-action': button.actionId,
                text: `${button.actionId === 'pipegate.approve' ? 'Approve' : 'Reject'} in Slack as ${user.name}`,
                onclick: () => click(message, button, user, approval.approvalId),
              }),
            ),
          )
        : [el('span', { class: 'meta', text: 'Slack buttons are on their way…' })];
      const mails = overview.emails.filter(
        (mail) =>
          mail.body.includes(approval.approvalId) || mail.subject?.includes(approval.executionId.slice(0, 6)),
      );
      const links = mails.flatMap((mail) => {
        const urls = mail.body.match(/https?:\/\/\S+\/approvals\/link\?t=\S+/g) ?? [];
        return urls
          .slice(0, 1)
          .map((url) =>
            el('a', { class: 'button approve', href: url, text: `Open ${mail.to}'s approve link` }),
          );
      });
      return el(
        'div',
        { class: 'card', 'data-approval': approval.approvalId },
        el('h3', { text: `${approval.pipeline} · ${approval.stage}/${approval.action}` }),
        el('div', {
          class: 'meta',
          text: `${triggerText(approval.trigger)} · expires ${time(approval.expiresAt)} UTC`,
        }),
        el('div', { class: 'actions' }, ...slackButtons),
        el('div', { class: 'actions' }, ...links),
        state.notice[approval.approvalId]
          ? el('div', { class: 'notice', text: state.notice[approval.approvalId] })
          : undefined,
      );
    }),
  );
};

const renderSlack = (messages) => {
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

const renderEmails = (emails) => {
  const box = document.querySelector('#emails');
  box.replaceChildren(
    ...emails
      .slice(-15)
      .reverse()
      .map((mail) =>
        el(
          'details',
          { class: 'email' },
          el('summary', { text: `${mail.subject ?? '(no subject)'} → ${mail.to}` }),
          el('pre', { text: mail.body }),
        ),
      ),
  );
  if (emails.length === 0) box.append(el('p', { class: 'empty', text: 'No emails yet.' }));
};

const renderAudit = (entries) => {
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
          el('td', {
            text: entry.decision ? `${entry.decision}${entry.comment ? `: ${entry.comment}` : ''}` : '',
          }),
        ),
      ),
  );
};

const renderTimeline = (timeline) => {
  const section = document.querySelector('#timeline-section');
  section.hidden = false;
  document.querySelector('#timeline-title').textContent =
    `${timeline.execution?.pipeline ?? ''} ${timeline.executionId.slice(0, 8)}`;
  const rows = [
    ...timeline.stages.map((s) => `stage ${s.name}: ${s.state} ${duration(s.durationMs)}`),
    ...timeline.failures.map(
      (f) =>
        `failure in ${f.stage ?? ''}/${f.action ?? ''}: ${f.errorCode ?? ''} ${f.summary ?? ''} ${f.externalUrl ?? ''}`,
    ),
    ...timeline.approvals.map(
      (a) =>
        `approval ${a.stage}/${a.action}: ${a.status}${a.decidedBy ? ` by ${a.decidedBy.name ?? a.decidedBy.id}` : ''}${a.comment ? ` — ${a.comment}` : ''}`,
    ),
    ...timeline.audit.map(
      (e) =>
        `${time(e.at)} audit ${e.action} ${e.outcome}${e.reason ? ` (${e.reason})` : ''}${e.actor ? ` — ${e.actor.name ?? e.actor.id}` : ''}`,
    ),
    ...timeline.events.map(
      (e) => `${time(e.time)} ${e.level} ${[e.stage, e.action].filter(Boolean).join('/')} ${e.state}`,
    ),
  ];
  document
    .querySelector('#timeline')
    .replaceChildren(...rows.map((row) => el('div', { class: 'row', text: row })));
};

const selectExecution = async (executionId) => {
  state.selected = executionId;
  renderTimeline(await getJson(`/audit/executions/${encodeURIComponent(executionId)}`));
};

const refresh = async () => {
  try {
    const overview = await getJson('/local/overview');
    const lists = await Promise.all(
      overview.pipelines.map((p) =>
        getJson(`/audit/executions?pipeline=${encodeURIComponent(p)}&since=2d&limit=20`),
      ),
    );
    const executions = lists
      .flatMap((list) => list.items)
      .sort((a, b) => b.startTime.localeCompare(a.startTime));
    const [pending, entries] = await Promise.all([
      getJson('/audit/pending'),
      getJson('/audit/entries?since=24h&limit=200'),
    ]);
    renderExecutions(executions);
    renderPending(pending.items, overview);
    renderSlack(overview.slack);
    renderEmails(overview.emails);
    renderAudit(entries.items);
    if (state.selected)
      renderTimeline(await getJson(`/audit/executions/${encodeURIComponent(state.selected)}`));
    document.body.dataset.loaded = 'true';
  } catch (error) {
    console.error(error);
  }
};

refresh();
setInterval(refresh, 2000);
