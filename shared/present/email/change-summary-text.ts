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
import type { SourceRevision } from '../../changes/source-revision';
import { firstLine, formatUtcDateTime } from '../text/format';
import { printableUrl } from './email-text';

const revisionText = (revision: SourceRevision): string =>
  revision.summary
    ? `${shortRevision(revision.revisionId)} ${firstLine(revision.summary, 80)}`
    : shortRevision(revision.revisionId);

const sourceLines = (source: SourceChange): string[] => {
  const state = sourceState(source);
  if (state === 'unchanged')
    return [`  ${source.name}: ${revisionText(source.current)} (unchanged since then)`];
  const lines = [`  ${source.name}: ${revisionText(source.current)}`];
  if (source.previous && state === 'changed') lines.push(`    was ${revisionText(source.previous)}`);
  const compare = printableUrl(source.compareUrl);
  if (compare) lines.push(`    ${compareLabel(source)}:`, `    ${compare}`);
  if (source.commits?.status === 'listed') {
    for (const commit of source.commits.commits) {
      const author = commit.author ? ` (${firstLine(commit.author, 40)})` : '';
      lines.push(`    - ${shortRevision(commit.sha)} ${firstLine(commit.title, 72)}${author}`);
    }
  }
  const more = moreCommits(source);
  if (more) lines.push(`    ${more}`);
  const note = commitListNote(source);
  if (note) lines.push(`    ${note}`);
  return lines;
};

/**
 * The "What ships" part of the approval email in plain text: revisions per source against the last run that
 * got past the stage, the runs in between, compare links on lines of their own, commits or why none are listed.
 * @example body.push(...changeSummaryText(record.changes, record.stage));
 */
export const changeSummaryText = (changes: ChangeSummary | undefined, stage: string): string[] => {
  if (!changes) return [];
  const basis =
    changes.basis === 'last-success' && changes.base
      ? `${basisSentence(changes, stage)} (${formatUtcDateTime(changes.base.startTime)}).`
      : basisSentence(changes, stage);
  const between = betweenSentence(changes);
  return [
    '',
    'What ships:',
    `  ${basis}`,
    ...(between ? [`  ${between}`] : []),
    ...changes.sources.flatMap(sourceLines),
    ...(changes.sources.length === 0 ? ['  No source revisions were reported for this run.'] : []),
  ];
};
