// The local pipegate page: plain browser JavaScript modules, no build step. All data comes from the real audit
// API (/audit/*) and the stand-ins' records (/local/overview); it is re-read every 2 s.
import { duration, el, getJson, stateCell, time, triggerText } from './dom.js';
import { renderAudit, renderEmails, renderSlack } from './records.js';
import { renderTimeline } from './timeline.js';

// The local demo workspace (local/local-identities.ts): Jane and Sam may approve, Alex may not.
const PEOPLE = [
  { id: 'U0JANE001', name: 'Jane' },
  { id: 'U0SAM0002', name: 'Sam' },
  { id: 'U0ALEX003', name: 'Alex (not an approver)' },
];
const state = { selected: undefined, pipeline: 'all', notice: {} };

const renderFilter = (pipelines, executions) => {
  const choices = ['all', ...pipelines];
  document.querySelector('#pipeline-filter').replaceChildren(
    ...choices.map((choice) => {
      const count = executions.filter((e) => choice === 'all' || e.pipeline === choice).length;
      return el('button', {
        class: `filter${state.pipeline === choice ? ' active' : ''}`,
        'data-pipeline': choice,
        text: `${choice === 'all' ? 'All pipelines' : choice} (${count})`,
        onclick: () => {
          state.pipeline = choice;
          refresh();
        },
      });
    }),
  );
};

/** Account (by its configured name) and region under a pipeline's name; nothing for unknown ones. */
const whereNote = (item, accounts = {}) => {
  const name = accounts[item.account];
  const account = name ? `${name} (${item.account})` : item.account;
  const where = [account, item.region].filter(Boolean).join(' · ');
  return where ? el('small', { class: 'where', text: where }) : undefined;
};

const renderExecutions = (executions, pending) => {
  const waiting = new Set(pending.map((approval) => approval.executionId));
  const shown = executions.filter((e) => state.pipeline === 'all' || e.pipeline === state.pipeline);
  const body = document.querySelector('#executions tbody');
  body.replaceChildren(
    ...shown.map((item) =>
      el(
        'tr',
        {
          class: `clickable${item.executionId === state.selected ? ' selected' : ''}`,
          'data-execution': item.executionId,
          title: 'Show its timeline',
          onclick: () => selectExecution(item.executionId),
        },
        el('td', { text: item.pipeline }, whereNote(item, state.accounts)),
        el('td', { text: item.executionId.slice(0, 8) }),
        stateCell(item.state, waiting.has(item.executionId) ? ' · waiting for approval' : ''),
        el('td', { text: triggerText(item.trigger) }),
        el('td', { text: time(item.startTime) }),
        el('td', { text: duration(item.durationMs) }),
      ),
    ),
  );
  if (shown.length === 0)
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
    : result.error
      ? `The click failed: ${result.error}`
      : `${user.name} clicked ${button.text}.`;
  await refresh();
};

/** One button per person and Slack button of the approval's card, as if they clicked it in Slack. */
const slackButtons = (approval, slack) => {
  const message = slack.find((m) => m.buttons.some((b) => b.value.includes(approval.approvalId)));
  if (!message) return [el('span', { class: 'meta', text: 'Slack buttons are on their way…' })];
  return PEOPLE.flatMap((user) =>
    message.buttons.map((button) =>
      el('button', {
        class: button.actionId === 'pipegate.approve' ? 'approve' : 'reject',
        'data-user': user.id,
        'data-action': button.actionId,
        text: `${button.actionId === 'pipegate.approve' ? 'Approve' : 'Reject'} in Slack as ${user.name}`,
        onclick: () => click(message, button, user, approval.approvalId),
      }),
    ),
  );
};

/** The first approve link of each approval email: a plain link, so the real confirm page opens. */
const emailLinks = (approval, emails) =>
  emails
    .filter(
      (mail) =>
        mail.body.includes(approval.approvalId) || mail.subject?.includes(approval.executionId.slice(0, 6)),
    )
    .flatMap((mail) =>
      (mail.body.match(/https?:\/\/\S+\/approvals\/link\?t=\S+/g) ?? [])
        .slice(0, 1)
        .map((url) =>
          el('a', { class: 'button approve', href: url, text: `Open ${mail.to}'s approve link` }),
        ),
    );

const renderPending = (pending, overview) => {
  const box = document.querySelector('#pending');
  if (pending.length === 0) {
    box.replaceChildren(el('p', { class: 'empty', text: 'Nothing is waiting.' }));
    return;
  }
  box.replaceChildren(
    ...pending.map((approval) =>
      el(
        'div',
        { class: 'card', 'data-approval': approval.approvalId },
        el(
          'h3',
          { text: `⏳ ${approval.pipeline} · ${approval.stage} / ${approval.action}` },
          whereNote(approval, overview.accounts),
        ),
        el('div', {
          class: 'meta',
          text: `${triggerText(approval.trigger)} · expires ${time(approval.expiresAt)} UTC`,
        }),
        el('div', { class: 'actions' }, ...slackButtons(approval, overview.slack)),
        el('div', { class: 'actions' }, ...emailLinks(approval, overview.emails)),
        state.notice[approval.approvalId]
          ? el('div', { class: 'notice', text: state.notice[approval.approvalId] })
          : undefined,
      ),
    ),
  );
};

const selectExecution = async (executionId) => {
  state.selected = executionId;
  renderTimeline(await getJson(`/audit/executions/${encodeURIComponent(executionId)}`));
  for (const row of document.querySelectorAll('#executions tbody tr'))
    row.classList.toggle('selected', row.dataset.execution === executionId);
};

const refresh = async () => {
  try {
    const overview = await getJson('/local/overview');
    state.accounts = overview.accounts ?? {};
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
    renderFilter(overview.pipelines, executions);
    renderExecutions(executions, pending.items);
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
