import { createHash } from 'node:crypto';
import { type GitHubStandIn, startGitHubStandIn } from '../../../local/standins/github';
import { createGitHubCompare } from '../../../shared/adapters/github/github-compare';

const TOKEN = 'ghp_test_token';
const REPOSITORY = 'acme/long-history';
const sha = (seed: string): string => createHash('sha1').update(seed).digest('hex');
/** Commit 0 shipped; 1…300 came after, oldest first. */
const HISTORY = Array.from({ length: 301 }, (_, index) => ({
  sha: sha(`long-${index}`),
  message: `Change ${index}\n\nBody.`,
  authorName: `Author ${index}`,
}));
const shaAt = (index: number): string => HISTORY[index]?.sha ?? '';

let github: GitHubStandIn;

beforeAll(async () => {
  github = await startGitHubStandIn({ token: TOKEN });
  github.addCommits(REPOSITORY, HISTORY);
});
afterAll(async () => {
  await github.close();
});

const compare = () => createGitHubCompare({ token: TOKEN, apiUrl: github.url });
const get = (query: string) =>
  fetch(`${github.url}/repos/${REPOSITORY}/compare/${shaAt(0)}...${shaAt(45)}${query}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });

describe('GitHub compare stand-in: paginated like GitHub', () => {
  it('answers one page of the range with a Link header naming the next and last pages', async () => {
    // Act
    const response = await get('?per_page=20&page=2');
    const body = (await response.json()) as { total_commits: number; commits: { sha: string }[] };

    // Assess
    expect(body.total_commits).toBe(45);
    expect(body.commits.map((commit) => commit.sha)).toEqual(
      Array.from({ length: 20 }, (_, index) => shaAt(21 + index)),
    );
    expect(response.headers.get('link')).toContain('page=3>; rel="next"');
    expect(response.headers.get('link')).toContain('page=1>; rel="prev"');
  });

  it('answers at most 250 commits without pagination, and counts them all', async () => {
    // Act
    const response = await fetch(`${github.url}/repos/${REPOSITORY}/compare/${shaAt(0)}...${shaAt(300)}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const body = (await response.json()) as { total_commits: number; commits: unknown[] };

    // Assess
    expect(body).toMatchObject({ total_commits: 300 });
    expect(body.commits).toHaveLength(250);
    expect(response.headers.get('link')).toBeNull();
  });
});

describe('createGitHubCompare: the newest commits of a range, following the pagination', () => {
  it('reads one page when the range fits, newest first', async () => {
    // Prepare
    const before = github.calls.length;

    // Act
    const range = await compare().commitsBetween(REPOSITORY, shaAt(0), shaAt(5), 20);

    // Assess
    expect(range.total).toBe(5);
    expect(range.commits.map((commit) => commit.title)).toEqual([
      'Change 5',
      'Change 4',
      'Change 3',
      'Change 2',
      'Change 1',
    ]);
    expect(github.calls.slice(before).map((call) => call.query)).toEqual(['per_page=20&page=1']);
  });

  it('reads the last two pages of a longer range for its newest 20', async () => {
    // Prepare
    const before = github.calls.length;

    // Act
    const range = await compare().commitsBetween(REPOSITORY, shaAt(0), shaAt(45), 20);

    // Assess
    expect(range.total).toBe(45);
    expect(range.commits.map((commit) => commit.title)).toEqual(
      Array.from({ length: 20 }, (_, index) => `Change ${45 - index}`),
    );
    expect(range.commits[0]).toMatchObject({ sha: shaAt(45), author: 'Author 45' });
    expect(
      github.calls
        .slice(before)
        .map((call) => call.query)
        .sort(),
    ).toEqual(['per_page=20&page=1', 'per_page=20&page=2', 'per_page=20&page=3']);
  });

  it('lists the newest commits of a range longer than GitHub answers unpaginated (300 > 250)', async () => {
    // Act
    const range = await compare().commitsBetween(REPOSITORY, shaAt(0), shaAt(300), 20);

    // Assess
    expect(range.total).toBe(300);
    expect(range.commits[0]?.title).toBe('Change 300');
    expect(range.commits.at(-1)?.title).toBe('Change 281');
  });

  it('fails as one error when a later page fails', async () => {
    // Prepare: page 1 answers; GitHub then fails (a rate limit, an outage between two calls).
    const adapter = createGitHubCompare({
      token: TOKEN,
      apiUrl: github.url,
      fetch: async (url, init) =>
        String(url).endsWith('&page=1') ? fetch(url, init) : new Response('{}', { status: 502 }),
    });

    // Act
    const outcome = await adapter.commitsBetween(REPOSITORY, shaAt(0), shaAt(45), 20).then(
      () => 'listed',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );

    // Assess
    expect(outcome).toBe('GitHub compare answered 502');
  });
});
