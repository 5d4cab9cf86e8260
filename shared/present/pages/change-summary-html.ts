import type { ChangeSummary, SourceChange } from '../../changes/change-summary';
import {
  basisSentence,
  betweenSentence,
  commitListNote,
  compareLabel,
  moreCommits,
  shortRevision,
  sourceState,
} from '../../changes/change-words';
import { githubCommitUrl } from '../../changes/compare-link';
import type { SourceRevision } from '../../changes/source-revision';
import { firstLine } from './approval-facts';
import { formatUtc } from './format-utc';
import { html, type SafeHtml } from './safe-html';

const isHttp = (url: string | undefined): url is string => url !== undefined && /^https?:\/\//i.test(url);

const link = (url: string | undefined, label: string): SafeHtml =>
  isHttp(url) ? html`<a href="${url}" rel="noreferrer">${label}</a>` : html`${label}`;

const revisionHtml = (revision: SourceRevision): SafeHtml =>
  html`<code>${link(revision.url, shortRevision(revision.revisionId))}</code>${
    revision.summary ? ` ${firstLine(revision.summary, 80)}` : ''
  }`;

const commitsHtml = (source: SourceChange): SafeHtml | undefined => {
  if (source.commits?.status !== 'listed') return undefined;
  const more = moreCommits(source);
  return html`<ul class="commits">${source.commits.commits.map(
    (commit) =>
      html`<li><code>${link(commit.url ?? githubCommitUrl(source.repository, commit.sha), shortRevision(commit.sha))}</code> ${firstLine(commit.title, 72)}${
        commit.author ? html` <span class="author">— ${commit.author}</span>` : ''
      }</li>`,
  )}${more ? html`<li>${more}</li>` : ''}</ul>`;
};

const sourceHtml = (source: SourceChange): SafeHtml => {
  const state = sourceState(source);
  if (state === 'unchanged') {
    return html`<li><strong>${source.name}</strong> ${revisionHtml(source.current)} — unchanged since then</li>`;
  }
  const note = commitListNote(source);
  return html`<li><strong>${source.name}</strong> ${revisionHtml(source.current)}${
    source.previous && state === 'changed' ? html` (was ${revisionHtml(source.previous)})` : ''
  }${source.compareUrl ? html` · ${link(source.compareUrl, compareLabel(source))}` : ''}${commitsHtml(source)}${
    note ? html`<p class="note">${note}</p>` : ''
  }</li>`;
};

/**
 * The "What ships" section of the confirm page: the same facts as the Slack request and the email — revisions
 * now against the last run that got past the stage, the runs in between, compare links, commits or why none.
 * @example html`${changeSummaryHtml(approval.changes, approval.stage)}`;
 */
export const changeSummaryHtml = (
  changes: ChangeSummary | undefined,
  stage: string,
): SafeHtml | undefined => {
  if (!changes) return undefined;
  const when =
    changes.basis === 'last-success' && changes.base ? ` (${formatUtc(changes.base.startTime)})` : '';
  const between = betweenSentence(changes);
  return html`<section class="changes"><h2>What ships</h2><p>${basisSentence(changes, stage)}${when}${
    changes.basis === 'last-success' ? '.' : ''
  }${between ? ` ${between}` : ''}</p><ul>${changes.sources.map(sourceHtml)}</ul>${
    changes.sources.length === 0 ? html`<p>No source revisions were reported for this run.</p>` : ''
  }</section>`;
};
