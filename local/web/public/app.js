// The local pipegate page: plain browser JavaScript modules, no build step. All data comes from the real audit
// API (/audit/*) and the stand-ins' records (/local/overview); it is re-read every 2 s.
import { duration, el, getJson, stateCell, time, triggerText } from './dom.js';
import { renderPending } from './pending.js';
import { renderAudit, renderEmails, renderSlack } from './records.js';
import { renderTimeline } from './timeline.js';

const state = { selected: undefined, pipeline: 'all' };

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
        el('td', { text: item.pipeline }),
        el('td', { class: 'execution-id', title: item.executionId, text: item.executionId.slice(0, 8) }),
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

/**
 * The approve link of each approval email: a plain link, so the real confirm page opens. It comes from the
 * server's structured record (`mail.links`: links this stack signed for that recipient), never from
 * pattern-matching the body, where a commit message could put a look-alike URL.
 */
const emailLinks = (approval, emails) =>
  emails
    .filter(
      (mail) =>
        mail.body.includes(approval.approvalId) || mail.subject?.includes(approval.executionId.slice(0, 6)),
    )
    .filter((mail) => mail.links?.approve)
    .map((mail) =>
      el('a', { class: 'button approve', href: mail.links.approve, text: `Open ${mail.to}'s approve link` }),
    );

const selectExecution = async (executionId) => {
  state.selected = executionId;
  renderTimeline(await getJson(`/audit/executions/${encodeURIComponent(executionId)}`));
  for (const row of document.querySelectorAll('#executions tbody tr'))
    row.classList.toggle('selected', row.dataset.execution === executionId);
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
    renderFilter(overview.pipelines, executions);
    renderExecutions(executions, pending.items);
    renderPending(pending.items, overview, { emailLinks, onSelect: selectExecution, refresh });
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
