import type { SourceRepository } from './source-revision';

const path = (repository: string): string =>
  repository
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');

/**
 * A GitHub commit's page; stored commit lists leave it out (it is ~100 bytes a commit on a record rewritten at
 * every step of the approval) and renderings rebuild it.
 */
export const githubCommitUrl = (repository: string | undefined, sha: string): string | undefined =>
  repository ? `https://github.com/${path(repository)}/commit/${encodeURIComponent(sha)}` : undefined;

/**
 * The provider's own page comparing two revisions of a repository, or undefined where there is none.
 * GitHub and GitLab take `base...head`; Bitbucket Cloud takes `head%0Dbase` (source, then destination);
 * CodeCommit's console takes `compare/<base>/.../<head>` in the repository's region.
 * @example
 * compareUrl({ provider: 'github', repository: 'acme/api' }, 'a1b2c3', 'd4e5f6');
 * // 'https://github.com/acme/api/compare/a1b2c3...d4e5f6'
 */
export const compareUrl = (repo: SourceRepository, base: string, head: string): string | undefined => {
  const from = encodeURIComponent(base);
  const to = encodeURIComponent(head);
  switch (repo.provider) {
    case 'github':
      return `https://github.com/${path(repo.repository)}/compare/${from}...${to}`;
    case 'gitlab':
      return `https://gitlab.com/${path(repo.repository)}/-/compare/${from}...${to}`;
    case 'bitbucket':
      return `https://bitbucket.org/${path(repo.repository)}/branches/compare/${to}%0D${from}`;
    case 'codecommit': {
      if (!repo.region) return undefined;
      const region = encodeURIComponent(repo.region);
      return `https://${region}.console.aws.amazon.com/codesuite/codecommit/repositories/${encodeURIComponent(repo.repository)}/compare/${from}/.../${to}?region=${region}`;
    }
  }
};
