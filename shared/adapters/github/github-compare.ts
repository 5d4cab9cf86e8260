import * as z from 'zod';
import type { CommitRange } from '../../changes/change-ports';
import { PipegateError } from '../../errors';

export interface GitHubCompareOptions {
  token: string;
  /** `https://api.github.com` unless set (GitHub Enterprise, or the local stand-in via GITHUB_API_URL). */
  apiUrl?: string;
  /** The approval request waits for this at most; then it goes out saying the list is unavailable. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const GITHUB_API_URL = 'https://api.github.com';

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

/**
 * {@link CommitRange} on GitHub's "compare two commits" API, `GET /repos/{owner}/{repo}/compare/{base}...{head}`
 * (commits oldest first, `total_commits` for the whole range). Only the first page is read: `per_page` is
 * the number shown. Every failure — HTTP status, timeout, an unexpected body — is one PipegateError.
 * @see https://docs.github.com/en/rest/commits/commits#compare-two-commits
 */
export const createGitHubCompare = (options: GitHubCompareOptions): CommitRange => {
  const apiUrl = (options.apiUrl ?? GITHUB_API_URL).replace(/\/+$/, '');
  const send = options.fetch ?? fetch;
  return {
    async commitsBetween(repository, base, head, limit) {
      const [owner, name] = repository.split('/');
      if (!owner || !name)
        throw new PipegateError('INVALID_REQUEST', `not an owner/name repository: ${repository}`);
      const basehead = `${encodeURIComponent(base)}...${encodeURIComponent(head)}`;
      const url = `${apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/compare/${basehead}?per_page=${limit}`;
      let response: Response;
      try {
        response = await send(url, {
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${options.token}`,
            'x-github-api-version': '2022-11-28',
            'user-agent': 'pipegate',
          },
          signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
        });
      } catch (error) {
        throw new PipegateError('TRANSIENT', 'GitHub compare request failed', { cause: error });
      }
      if (!response.ok) {
        throw new PipegateError('TRANSIENT', `GitHub compare answered ${response.status}`, {
          details: { status: response.status },
        });
      }
      const parsed = compareSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new PipegateError('TRANSIENT', 'GitHub compare answered an unexpected body');
      return {
        total: parsed.data.total_commits,
        commits: parsed.data.commits.slice(0, limit).map((commit) => ({
          sha: commit.sha,
          title: commit.commit.message.split('\n')[0] ?? '',
          author: commit.commit.author?.name ?? commit.author?.login,
          url: commit.html_url,
        })),
      };
    },
  };
};
