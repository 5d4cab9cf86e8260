import * as z from 'zod';
import type { CommitRange } from '../../changes/change-ports';
import type { RangeCommit } from '../../changes/change-summary';
import { PipegateError } from '../../errors';

export interface GitHubCompareOptions {
  token: string;
  /** `https://api.github.com` unless set (GitHub Enterprise, or the local stand-in via GITHUB_API_URL). */
  apiUrl?: string;
  /** The approval request waits for this at most, all pages together; then it says the list is unavailable. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const GITHUB_API_URL = 'https://api.github.com';

/** GitHub's largest page (`per_page` is capped at 100 on paginated endpoints). */
const MAX_PER_PAGE = 100;

// Only what pipegate shows; GitHub sends far more and may add fields.
const compareSchema = z.object({
  total_commits: z.number().int().nonnegative(),
  commits: z.array(
    z.object({
      sha: z.string().min(1),
      html_url: z.string().optional(),
      commit: z.object({
        message: z.string(),
        author: z.object({ name: z.string().optional() }).nullish(),
      }),
      author: z.object({ login: z.string() }).nullish(),
    }),
  ),
});
type ComparePage = z.infer<typeof compareSchema>;

const rangeCommit = (commit: ComparePage['commits'][number]): RangeCommit => ({
  sha: commit.sha,
  title: commit.commit.message.split('\n')[0] ?? '',
  author: commit.commit.author?.name ?? commit.author?.login,
  url: commit.html_url,
});

/**
 * The pages (1-based, `perPage` commits each, oldest first) that hold the newest `count` of `total` commits:
 * the last page, and the one before it when the last holds fewer than `count`.
 */
export const pagesOfNewest = (total: number, count: number, perPage: number): number[] => {
  const first = Math.floor(Math.max(total - count, 0) / perPage) + 1;
  const last = Math.max(Math.ceil(total / perPage), 1);
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
};

/**
 * {@link CommitRange} on GitHub's "compare two commits" API, `GET /repos/{owner}/{repo}/compare/{base}...{head}`,
 * following its pagination (`per_page`, `page`; pages are in chronological order and `total_commits`
 * counts the whole range). The first page tells the total; a range longer than `limit` is then read from
 * its last page(s), so the list holds the newest commits — those nearest the revision being approved —
 * newest first, as `git log` shows them. Every failure — HTTP status, timeout, an unexpected body — is one
 * PipegateError.
 * @see https://docs.github.com/en/rest/commits/commits#compare-two-commits
 */
export const createGitHubCompare = (options: GitHubCompareOptions): CommitRange => {
  const apiUrl = (options.apiUrl ?? GITHUB_API_URL).replace(/\/+$/, '');
  const send = options.fetch ?? fetch;

  const readPage = async (path: string, perPage: number, page: number, signal: AbortSignal) => {
    let response: Response;
    try {
      response = await send(`${apiUrl}${path}?per_page=${perPage}&page=${page}`, {
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${options.token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'pipegate',
        },
        signal,
      });
    } catch (error) {
      throw new PipegateError('TRANSIENT', 'GitHub compare request failed', { cause: error });
    }
    if (!response.ok) {
      throw new PipegateError('TRANSIENT', `GitHub compare answered ${response.status}`, {
        details: { status: response.status, page },
      });
    }
    const parsed = compareSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new PipegateError('TRANSIENT', 'GitHub compare answered an unexpected body');
    return parsed.data;
  };

  return {
    async commitsBetween(repository, base, head, limit) {
      const [owner, name] = repository.split('/');
      if (!owner || !name)
        throw new PipegateError('INVALID_REQUEST', `not an owner/name repository: ${repository}`);
      const basehead = `${encodeURIComponent(base)}...${encodeURIComponent(head)}`;
      const path = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/compare/${basehead}`;
      const perPage = Math.min(Math.max(limit, 1), MAX_PER_PAGE);
      // One budget for every page: the request waits this long at most, however long the range.
      const signal = AbortSignal.timeout(options.timeoutMs ?? 3_000);
      const first = await readPage(path, perPage, 1, signal);
      const total = first.total_commits;
      const pages = pagesOfNewest(total, limit, perPage);
      const read = await Promise.all(
        pages.map((page) => (page === 1 ? first : readPage(path, perPage, page, signal))),
      );
      // Pages come oldest first; the newest `limit` are the tail of what was read.
      const all = read.flatMap((page) => page.commits);
      const commits = all.slice(Math.max(all.length - limit, 0));
      return { total, commits: commits.reverse().map(rangeCommit) };
    },
  };
};
