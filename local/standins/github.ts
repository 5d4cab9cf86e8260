import {
  jsonResponse,
  type RunningServer,
  type ServerOptions,
  type StandInRequest,
  startHttpServer,
} from './http';

/** A commit as the stand-in keeps it, oldest first per repository. */
export interface GitHubCommit {
  sha: string;
  message: string;
  authorName: string;
  login?: string;
}

export interface GitHubCall {
  path: string;
  authorization?: string;
}

export interface GitHubStandIn extends RunningServer {
  /** Appends commits (oldest first) to `owner/name`'s default branch. */
  addCommits(repository: string, commits: GitHubCommit[]): void;
  /** The next `count` compare requests answer this status (a GitHub outage, a revoked token). */
  failNext(status: number, count?: number): void;
  /** Every request received, in order (the tests check the token went along). */
  calls: GitHubCall[];
}

export interface GitHubStandInOptions extends ServerOptions {
  /** The token requests must carry (`Authorization: Bearer …`); others get 401 like GitHub's. */
  token: string;
}

const COMPARE = /^\/repos\/([^/]+)\/([^/]+)\/compare\/([^/]+)$/;

/**
 * A stand-in for the one GitHub API pipegate calls: "compare two commits",
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}` with `per_page`. It answers GitHub's shape (the fields
 * pipegate reads and a few around them): the commits after `base` up to `head`, oldest first, at most
 * `per_page` of them, and `total_commits` for the whole range; 404 for an unknown repository or commit.
 * @see https://docs.github.com/en/rest/commits/commits#compare-two-commits
 */
export const startGitHubStandIn = async (options: GitHubStandInOptions): Promise<GitHubStandIn> => {
  const repositories = new Map<string, GitHubCommit[]>();
  const calls: GitHubCall[] = [];
  let failures: { status: number; left: number } | undefined;

  const compare = (request: StandInRequest) => {
    const match = COMPARE.exec(request.path);
    if (!match) return jsonResponse(404, { message: 'Not Found' });
    const [, owner, name, basehead] = match.map((part) => decodeURIComponent(part ?? ''));
    const [base, head] = (basehead ?? '').split('...');
    const commits = repositories.get(`${owner}/${name}`);
    const from = commits?.findIndex((commit) => commit.sha === base) ?? -1;
    const to = commits?.findIndex((commit) => commit.sha === head) ?? -1;
    if (!commits || from < 0 || to < 0) return jsonResponse(404, { message: 'Not Found' });
    const range = commits.slice(from + 1, to + 1);
    const perPage = Math.min(Number(request.query.get('per_page') ?? '250') || 250, 250);
    return jsonResponse(200, {
      url: `${request.path}`,
      html_url: `https://github.com/${owner}/${name}/compare/${basehead}`,
      status: to >= from ? 'ahead' : 'behind',
      ahead_by: Math.max(to - from, 0),
      behind_by: Math.max(from - to, 0),
      total_commits: range.length,
      commits: range.slice(0, perPage).map((commit) => ({
        sha: commit.sha,
        html_url: `https://github.com/${owner}/${name}/commit/${commit.sha}`,
        commit: {
          message: commit.message,
          author: { name: commit.authorName, email: `${commit.login ?? 'someone'}@example.com` },
        },
        author: commit.login ? { login: commit.login } : null,
      })),
      files: [],
    });
  };

  const server = await startHttpServer((request) => {
    calls.push({ path: request.path, authorization: request.headers.authorization });
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      return jsonResponse(401, { message: 'Bad credentials' });
    }
    if (failures && failures.left > 0) {
      failures.left -= 1;
      return jsonResponse(failures.status, { message: 'Server Error' });
    }
    if (request.method !== 'GET') return jsonResponse(404, { message: 'Not Found' });
    return compare(request);
  }, options);

  return {
    ...server,
    calls,
    addCommits(repository, commits) {
      repositories.set(repository, [...(repositories.get(repository) ?? []), ...commits]);
    },
    failNext(status, count = 1) {
      failures = { status, left: count };
    },
  };
};
