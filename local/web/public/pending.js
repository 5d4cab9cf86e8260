// The "Waiting for approval" cards: click a Slack button as a person, open an emailed link. After a decision
// the card stays as a confirmation (until dismissed), so the next run's card never silently takes its place;
// per pipeline only the newest waiting approval is open, older ones are collapsed.
import { el, time, triggerText } from './dom.js';

// The local demo workspace (local/local-identities.ts): Jane and Sam may approve; Alex only prod-db, which
// needs two approvers.
const PEOPLE = [
  { id: 'U0JANE001', name: 'Jane' },
  { id: 'U0SAM0002', name: 'Sam' },
  { id: 'U0ALEX003', name: 'Alex (prod-db only)' },
];

const BUTTONS = {
  'pipegate.approve': { label: 'Approve', class: 'approve', verb: 'approved' },
  'pipegate.approve-comment': { label: 'Approve with comment', class: 'approve', verb: 'approved' },
  'pipegate.reject': { label: 'Reject', class: 'reject', verb: 'rejected' },
};
const buttonOf = (button) => BUTTONS[button.actionId] ?? BUTTONS['pipegate.reject'];

// pipegate's reply to a vote that counted towards a quorum (not a refusal).
const COUNTED = /^Your approval counts/;

/** approvalId → { kind: 'decided' | 'refused' | 'info', text, approval } for the last click on that card. */
const notices = new Map();
const dismissed = new Set();

const shortId = (id) => id.slice(0, 8);

/** What the click did, in words that never make a refusal look like a decision. */
const noticeFor = (user, button, result) => {
  if (result.error) return { kind: 'refused', text: `The click failed: ${result.error}` };
  if (result.cancelled)
    return {
      kind: 'info',
      text: `${user.name} cancelled the ${result.breakGlass ? 'break-glass' : buttonOf(button).label} dialog: nothing was sent, nothing decided.`,
    };
  const counted = (result.told ?? []).filter((text) => COUNTED.test(text));
  const refusals = [...(result.told ?? []), ...(result.dialogErrors ?? [])].filter(
    (text) => !COUNTED.test(text),
  );
  if (refusals.length)
    return { kind: 'refused', text: `Refused — Slack told ${user.name}: ${refusals.join(' ')}` };
  if (counted.length) return { kind: 'info', text: `Slack told ${user.name}: ${counted.join(' ')}` };
  const verb = buttonOf(button).verb;
  if (result.breakGlass)
    return { kind: 'decided', text: `${user.name} broke the change freeze and ${verb} it in Slack.` };
  return { kind: 'decided', text: `${user.name} ${verb} it in Slack.` };
};

/** The line a change freeze adds to the Slack request (shared/present/slack/freeze-notice.ts), if any. */
const freezeLine = (message) => {
  const text = JSON.stringify(message.blocks ?? []);
  return text.includes('Change freeze') ? text : undefined;
};

const click = async (message, button, user, approval, refresh) => {
  let comment;
  let dialog = 'submit';
  if (button.actionId !== 'pipegate.approve') {
    // Slack opens a dialog for the comment; Cancel there closes it and decides nothing.
    const typed = window.prompt(
      button.actionId === 'pipegate.reject' ? 'Why do you reject this change?' : 'Comment on your approval:',
    );
    if (typed === null) dialog = 'cancel';
    else comment = typed;
  } else if (freezeLine(message)) {
    // Inside a freeze Slack asks a break-glass person for a reason (others are refused without a dialog).
    const typed = window.prompt(
      'A change freeze holds this approval. If you may break it: why must it ship now?',
    );
    if (typed === null) dialog = 'cancel';
    else comment = typed;
  }
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
      dialog,
    }),
  }).then((r) => r.json());
  notices.set(approval.approvalId, { ...noticeFor(user, button, result), approval });
  await refresh();
};

/** One button per person and Slack button of the approval's card, as if they clicked it in Slack. */
const slackButtons = (approval, slack, refresh) => {
  const message = slack.find((m) => m.buttons.some((b) => b.value.includes(approval.approvalId)));
  if (!message) return [el('span', { class: 'meta', text: 'Slack buttons are on their way…' })];
  return PEOPLE.flatMap((user) =>
    message.buttons.map((button) =>
      el('button', {
        class: buttonOf(button).class,
        'data-user': user.id,
        'data-action': button.actionId,
        text: `${buttonOf(button).label} in Slack as ${user.name}`,
        onclick: () => click(message, button, user, approval, refresh),
      }),
    ),
  );
};

/** Says on the card when a change freeze holds the approval (its Slack request carries the freeze line). */
const freezeNotice = (approval, slack) => {
  const message = slack.find((m) => m.buttons.some((b) => b.value.includes(approval.approvalId)));
  if (!message || !freezeLine(message)) return undefined;
  return el('div', {
    class: 'notice info freeze',
    text: '❄️ A change freeze holds this approval (see its Slack request): Approve is refused unless a break-glass person gives a reason; Reject works.',
  });
};

const executionLink = (approval, onSelect) =>
  el('button', {
    class: 'link execution-id',
    'data-execution': approval.executionId,
    title: `${approval.executionId} — show its timeline`,
    text: `run ${shortId(approval.executionId)}`,
    onclick: () => onSelect(approval.executionId),
  });

const noticeLine = (approvalId) => {
  const notice = notices.get(approvalId);
  return notice ? el('div', { class: `notice ${notice.kind}`, text: notice.text }) : undefined;
};

/** `Needs 2 approvers: 1 of 2 — approved by Jane Doe · waiting for one more` for a quorum, else nothing. */
const quorumLine = (approval) => {
  const required = approval.required ?? 1;
  if (required <= 1) return undefined;
  const names = (approval.votes ?? []).map((vote) => vote.by.name ?? vote.by.email ?? vote.by.id);
  const left = required - names.length;
  const by = names.length ? ` — approved by ${names.join(' and ')}` : '';
  const waiting = left > 0 ? ` · waiting for ${left === 1 ? 'one more' : `${left} more`}` : '';
  return el('div', {
    class: 'meta quorum',
    'data-quorum': approval.approvalId,
    text: `Needs ${required} approvers: ${names.length} of ${required}${by}${waiting}`,
  });
};

const pendingCard = (approval, overview, deps) =>
  el(
    'div',
    { class: 'card', 'data-approval': approval.approvalId, 'data-execution': approval.executionId },
    el(
      'h3',
      {},
      `⏳ ${approval.pipeline} `,
      executionLink(approval, deps.onSelect),
      ` · ${approval.stage} / ${approval.action}`,
    ),
    el('div', {
      class: 'meta',
      text: `${triggerText(approval.trigger)} · requested ${time(approval.requestedAt)} · expires ${time(approval.expiresAt)} UTC`,
    }),
    freezeNotice(approval, overview.slack),
    quorumLine(approval),
    el('div', { class: 'actions' }, ...slackButtons(approval, overview.slack, deps.refresh)),
    el('div', { class: 'actions' }, ...deps.emailLinks(approval, overview.emails)),
    noticeLine(approval.approvalId),
  );

/** A decision made from this page, kept in view after its approval stopped waiting. */
const confirmationCard = (approvalId, notice, deps) =>
  el(
    'div',
    { class: 'card decided', 'data-decided': approvalId, 'data-execution': notice.approval.executionId },
    el(
      'h3',
      {},
      `✔ ${notice.approval.pipeline} `,
      executionLink(notice.approval, deps.onSelect),
      ` · decided`,
    ),
    el('div', { class: `notice ${notice.kind}`, text: notice.text }),
    el('button', {
      class: 'link',
      text: 'Dismiss',
      onclick: () => {
        dismissed.add(approvalId);
        deps.refresh();
      },
    }),
  );

const newestFirst = (a, b) => (b.requestedAt ?? '').localeCompare(a.requestedAt ?? '');

/**
 * Draws the waiting approvals and the confirmations of decisions made here.
 * deps: { emailLinks(approval, emails), onSelect(executionId), refresh() }
 */
export const renderPending = (pending, overview, deps) => {
  const box = document.querySelector('#pending');
  const waiting = new Set(pending.map((approval) => approval.approvalId));
  const confirmations = [...notices]
    .filter(([id, notice]) => !waiting.has(id) && notice.kind === 'decided' && !dismissed.has(id))
    .map(([id, notice]) => confirmationCard(id, notice, deps));
  const byPipeline = new Map();
  for (const approval of [...pending].sort(newestFirst)) {
    byPipeline.set(approval.pipeline, [...(byPipeline.get(approval.pipeline) ?? []), approval]);
  }
  const groups = [...byPipeline.values()].flatMap(([newest, ...older]) => [
    pendingCard(newest, overview, deps),
    older.length
      ? el(
          'details',
          { class: 'older', 'data-older': newest.pipeline },
          el('summary', {
            text: `${older.length} older waiting approval${older.length > 1 ? 's' : ''} of ${newest.pipeline} (${older.map((a) => shortId(a.executionId)).join(', ')})`,
          }),
          ...older.map((approval) => pendingCard(approval, overview, deps)),
        )
      : undefined,
  ]);
  const cards = [...confirmations, ...groups].filter(Boolean);
  box.replaceChildren(...(cards.length ? cards : [el('p', { class: 'empty', text: 'Nothing is waiting.' })]));
};
