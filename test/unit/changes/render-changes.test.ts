import type { ChangeSummary } from '../../../shared/changes/change-summary';
import { changeSummaryText } from '../../../shared/present/email/change-summary-text';
import { changeSummaryHtml } from '../../../shared/present/pages/change-summary-html';
import { changeSummaryBlocks } from '../../../shared/present/slack/change-summary-mrkdwn';
import { SHA } from './runs';

const source = (commits: NonNullable<ChangeSummary['sources'][number]['commits']>) => ({
  name: 'Source',
  current: {
    name: 'Source',
    revisionId: SHA.c,
    summary: 'Add <healthz>',
    url: 'https://github.com/acme/api/commit/c',
  },
  previous: { name: 'Source', revisionId: SHA.a, summary: 'Old change' },
  provider: 'github' as const,
  repository: 'acme/api',
  compareUrl: `https://github.com/acme/api/compare/${SHA.a}...${SHA.c}`,
  commits,
});

const lastSuccess = (commits: Parameters<typeof source>[0]): ChangeSummary => ({
  basis: 'last-success',
  base: { executionId: 'e1', startTime: '2026-11-20T09:00:00Z' },
  sources: [source(commits)],
  between: {
    count: 2,
    outcomes: [
      { outcome: 'superseded', count: 1 },
      { outcome: 'failed in Build', count: 1 },
    ],
  },
  looked: 3,
  capped: false,
});

const slackText = (changes: ChangeSummary | undefined): string =>
  changeSummaryBlocks(changes, 'Approval')
    .map((block) => (block.type === 'section' ? (block.text?.text ?? '') : ''))
    .join('\n');

describe('change summary renderings', () => {
  it('shows revisions now and then, the runs in between and the compare link in all three channels', () => {
    // Prepare
    const changes = lastSuccess({
      status: 'listed',
      commits: [{ sha: SHA.b, title: 'Middle commit', author: 'Sam Roe' }],
      total: 3,
    });

    // Act
    const slack = slackText(changes);
    const email = changeSummaryText(changes, 'Approval').join('\n');
    const page = changeSummaryHtml(changes, 'Approval')?.markup ?? '';

    // Assess
    for (const text of [slack, email, page]) {
      expect(text).toContain('What ships');
      expect(text).toContain('3333333');
      expect(text).toContain('1111111');
      expect(text).toContain('2 runs since then (1 superseded, 1 failed in Build)');
      expect(text).toContain('Middle commit');
      expect(text).toContain('Sam Roe');
      expect(text).toContain('and 2 earlier commits');
    }
    expect(slack).toContain(`<https://github.com/acme/api/compare/${SHA.a}...${SHA.c}|Compare on GitHub>`);
    expect(slack).toContain('Add &lt;healthz&gt;');
    // Stored commits carry no URL (the record stays small): the link is rebuilt from the repository.
    expect(slack).toContain(`<https://github.com/acme/api/commit/${SHA.b}|2222222>`);
    expect(page).toContain(`href="https://github.com/acme/api/commit/${SHA.b}"`);
    expect(email).toContain(`https://github.com/acme/api/compare/${SHA.a}...${SHA.c}`);
    expect(page).toContain(
      `<a href="https://github.com/acme/api/compare/${SHA.a}...${SHA.c}" rel="noreferrer">Compare on GitHub</a>`,
    );
    expect(page).toContain('Add &lt;healthz&gt;');
  });

  it.each([
    [{ status: 'no-token' } as const, 'no GitHub token is configured — the compare link shows them'],
    [{ status: 'unavailable' } as const, 'Commit list unavailable: GitHub did not answer'],
    [{ status: 'not-supported' } as const, 'pipegate lists commits for GitHub only'],
  ])('says plainly why there is no commit list (%j)', (commits, words) => {
    // Act
    const changes = lastSuccess(commits);

    // Assess
    expect(slackText(changes)).toContain(words);
    expect(changeSummaryText(changes, 'Approval').join('\n')).toContain(words);
    expect(changeSummaryHtml(changes, 'Approval')?.markup).toContain(words);
  });

  it('says first execution and no success in the runs looked at', () => {
    // Prepare
    const first: ChangeSummary = {
      basis: 'first-execution',
      sources: [],
      between: { count: 0, outcomes: [] },
      looked: 0,
      capped: false,
    };
    const none: ChangeSummary = { ...first, basis: 'no-success', looked: 50, capped: true };

    // Act
    const firstText = slackText(first);
    const noneText = changeSummaryText(none, 'Approval').join('\n');

    // Assess
    expect(firstText).toContain('First run of this pipeline pipegate has seen');
    expect(noneText).toContain('None of the last 50 runs got past Approval');
  });

  it('renders nothing for a request made without a summary', () => {
    // Assess
    expect(changeSummaryBlocks(undefined, 'Approval')).toEqual([]);
    expect(changeSummaryText(undefined, 'Approval')).toEqual([]);
    expect(changeSummaryHtml(undefined, 'Approval')).toBeUndefined();
  });
});
