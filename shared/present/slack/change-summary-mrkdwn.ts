import type { KnownBlock } from '@slack/types';
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
import { escapeMrkdwn, firstLine } from '../text/format';
import { chunkLines, section } from './block-kit';
import { mrkdwnLink, slackDate } from './mrkdwn';

const revisionMrkdwn = (revision: SourceRevision): string => {
  const id = mrkdwnLink(revision.url, shortRevision(revision.revisionId));
  return revision.summary ? `${id} ${escapeMrkdwn(firstLine(revision.summary, 80))}` : id;
};

const sourceLines = (source: SourceChange): string[] => {
  const name = `*${escapeMrkdwn(source.name)}*`;
  switch (sourceState(source)) {
    case 'unchanged':
      return [`• ${name} ${revisionMrkdwn(source.current)} — unchanged since then`];
    case 'no-base':
      return [`• ${name} ${revisionMrkdwn(source.current)}`];
    default:
      break;
  }
  const then = source.previous ? ` (was ${revisionMrkdwn(source.previous)})` : '';
  const compare = source.compareUrl ? ` · ${mrkdwnLink(source.compareUrl, compareLabel(source))}` : '';
  const lines = [`• ${name} ${revisionMrkdwn(source.current)}${then}${compare}`];
  if (source.commits?.status === 'listed') {
    for (const commit of source.commits.commits) {
      const author = commit.author ? ` — ${escapeMrkdwn(commit.author)}` : '';
      lines.push(
        `    ◦ ${mrkdwnLink(commit.url ?? githubCommitUrl(source.repository, commit.sha), shortRevision(commit.sha))} ${escapeMrkdwn(firstLine(commit.title, 72))}${author}`,
      );
    }
  }
  const more = moreCommits(source);
  if (more) lines.push(`    ◦ ${more}`);
  const note = commitListNote(source);
  if (note) lines.push(`    _${escapeMrkdwn(note)}_`);
  return lines;
};

/**
 * The "What ships" part of an approval request in Slack: the revisions now against the last run that got
 * past the stage (with its date), the runs in between, compare links and commit lists — or, plainly, why
 * there is nothing to compare with. Sections split at Slack's text limit.
 * @example blocks.push(...changeSummaryBlocks(record.changes, record.stage));
 */
export const changeSummaryBlocks = (changes: ChangeSummary | undefined, stage: string): KnownBlock[] => {
  if (!changes) return [];
  const basis =
    changes.basis === 'last-success' && changes.base
      ? `${escapeMrkdwn(basisSentence(changes, stage))} (${slackDate(changes.base.startTime, 'dateTime')}).`
      : escapeMrkdwn(basisSentence(changes, stage));
  const between = betweenSentence(changes);
  const lines = [
    `*What ships*  ${basis}${between ? ` ${escapeMrkdwn(between)}` : ''}`,
    ...changes.sources.flatMap(sourceLines),
  ];
  if (changes.sources.length === 0) lines.push('_No source revisions were reported for this run._');
  return chunkLines(lines).map((text) => section(text));
};
