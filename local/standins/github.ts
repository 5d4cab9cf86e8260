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
  /** The query string as sent (`per_page=20&page=3`), to see which pages were read. */
  query: string;
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

/** Without `page` or `per_page` GitHub answers at most this many commits of the range. */
const UNPAGINATED_MAX = 250;
const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

/** GitHub's `Link` header for page `page` of `pages`: first/prev/next/last as they apply. */
const linkHeader = (url: string, perPage: number, page: number, pages: number): string => {
  const at = (n: number, rel: string) => `<${url}?per_page=${perPage}&page=${n}>; rel="${rel}"`;
  return [
    ...(page > 1 ? [at(page - 1, 'prev')] : []),
    ...(page < pages ? [at(page + 1, 'next'), at(pages, 'last')] : []),
    ...(page > 1 ? [at(1, 'first')] : []),
  ].join(', ');
};

/**
 * A stand-in for the one GitHub API pipegate calls: "compare two commits",
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}`. It answers GitHub's shape (the fields pipegate reads
 * and a few around them): the commits after `base` up to `head`, oldest first, and `total_commits` for the
 * whole range; 404 for an unknown repository or commit. Paginated like GitHub's: with `page` or `per_page`
 * (default 30, at most 100) one page of the range and a `Link` header; with neither, the first 250.
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
    const paginated = request.query.has('page') || request.query.has('per_page');
    const perPage = paginated
      ? Math.min(Number(request.query.get('per_page') ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE, MAX_PER_PAGE)
      : UNPAGINATED_MAX;
    const page = Math.max(Number(request.query.get('page') ?? '1') || 1, 1);
    const pages = Math.max(Math.ceil(range.length / perPage), 1);
    const link = paginated
      ? linkHeader(`http://${request.headers.host ?? '127.0.0.1'}${request.path}`, perPage, page, pages)
      : '';
    const body = {
      url: `${request.path}`,
      html_url: `https://github.com/${owner}/${name}/compare/${basehead}`,
      status: to >= from ? 'ahead' : 'behind',
      ahead_by: Math.max(to - from, 0),
      behind_by: Math.max(from - to, 0),
      total_commits: range.length,
      commits: range.slice((page - 1) * perPage, page * perPage).map((commit) => ({
        sha: commit.sha,
        html_url: `https://github.com/${owner}/${name}/commit/${commit.sha}`,
        commit: {
          message: commit.message,
          author: { name: commit.authorName, email: `${commit.login ?? 'someone'}@example.com` },
        },
        author: commit.login ? { login: commit.login } : null,
      })),
      files: [],
    };
    return jsonResponse(200, body, link ? { link } : {});
  };

  const server = await startHttpServer((request) => {
    calls.push({
      path: request.path,
      query: request.query.toString(),
      authorization: request.headers.authorization,
    });
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
