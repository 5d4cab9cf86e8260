import type { ChangeSummary, CommitList, SourceChange } from './change-summary';

const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

/** A revision as people quote it: seven characters of a commit SHA, other ids (S3, ECR) in full up to 20. */
export const shortRevision = (revisionId: string): string =>
  /^[0-9a-f]{40}$/i.test(revisionId) ? revisionId.slice(0, 7) : revisionId.slice(0, 20);

const PROVIDER_TITLE = {
  github: 'GitHub',
  gitlab: 'GitLab',
  bitbucket: 'Bitbucket',
  codecommit: 'CodeCommit',
};

/** The link text for a source's compare page, e.g. "Compare on GitHub". */
export const compareLabel = (source: SourceChange): string =>
  source.provider ? `Compare on ${PROVIDER_TITLE[source.provider]}` : 'Compare';

/**
 * What the revisions are compared with, in one sentence: the last run that got past the stage, or why there
 * is nothing to compare with (first run seen; no success among the runs pipegate keeps or looked at).
 */
export const basisSentence = (changes: ChangeSummary, stage: string): string => {
  switch (changes.basis) {
    case 'last-success':
      return `Compared with the last run that got past ${stage}`;
    case 'first-execution':
      return 'First run of this pipeline pipegate has seen: there is no earlier run to compare with.';
    case 'no-success':
      return changes.capped
        ? `None of the last ${plural(changes.looked, 'run')} got past ${stage}: there is no successful run to compare with.`
        : `No run pipegate keeps got past ${stage} (${plural(changes.looked, 'earlier run')}): there is no successful run to compare with.`;
  }
};

/** "3 runs since: 2 superseded, 1 failed in Build" — or "no runs in between". */
export const betweenSentence = (changes: ChangeSummary): string | undefined => {
  if (changes.basis !== 'last-success') return undefined;
  const { count, outcomes } = changes.between;
  if (count === 0) return 'No other runs since then.';
  const parts = outcomes.map(({ outcome, count: n }) => `${n} ${outcome}`).join(', ');
  return `${plural(count, 'run')} since then (${parts}); their changes ship with this one.`;
};

/** Why a changed source shows no commit list, said plainly; undefined when the list is there. */
export const commitListNote = (source: SourceChange): string | undefined => {
  const list: CommitList | undefined = source.commits;
  if (!list || list.status === 'listed') return undefined;
  const link = source.compareUrl ? ' — the compare link shows them' : '';
  switch (list.status) {
    case 'no-token':
      return `Commit list: no GitHub token is configured${link}.`;
    case 'not-supported':
      return `Commit list: pipegate lists commits for GitHub only${link}.`;
    case 'unavailable':
      return `Commit list unavailable: GitHub did not answer${link}.`;
  }
};

/** "…and 12 earlier commits" when the range holds more than the list shows (the list is the newest ones). */
export const moreCommits = (source: SourceChange): string | undefined => {
  const list = source.commits;
  if (list?.status !== 'listed' || list.total <= list.commits.length) return undefined;
  return `…and ${plural(list.total - list.commits.length, 'earlier commit')}`;
};

/** Whether the source changed since the base run; `no-base`: nothing to compare with (or a source new since). */
export const sourceState = (source: SourceChange): 'unchanged' | 'changed' | 'no-base' => {
  if (!source.previous) return 'no-base';
  return source.previous.revisionId === source.current.revisionId ? 'unchanged' : 'changed';
};
