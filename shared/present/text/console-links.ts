import type { TriggerInfo } from '../../events/pipeline-event';

/** Region used for console links when an event did not say (the team's home region). */
export const DEFAULT_REGION = 'eu-west-1';

/** What a console link needs; an {@link ExecutionSummary} or {@link ApprovalRecord} fits as it is. */
export interface ExecutionRef {
  pipeline: string;
  executionId: string;
  region?: string;
}

// The region becomes part of a host name, so anything that is not region-shaped falls back to the default.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const regionOf = (region: string | undefined): string =>
  region !== undefined && REGION.test(region) ? region : DEFAULT_REGION;

const consoleBase = (region: string): string =>
  `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines`;

/**
 * The CodePipeline console page of one execution (its timeline).
 * @example
 * executionConsoleUrl({ pipeline: 'prod-api', executionId: '4f1c…', region: 'eu-west-1' });
 * // 'https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/prod-api/executions/4f1c…/timeline?region=eu-west-1'
 */
export const executionConsoleUrl = (ref: ExecutionRef): string => {
  const region = regionOf(ref.region);
  const pipeline = encodeURIComponent(ref.pipeline);
  const execution = encodeURIComponent(ref.executionId);
  return `${consoleBase(region)}/${pipeline}/executions/${execution}/timeline?region=${region}`;
};

/** The CodePipeline console page of a pipeline (its current stages). */
export const pipelineConsoleUrl = (ref: { pipeline: string; region?: string }): string => {
  const region = regionOf(ref.region);
  return `${consoleBase(region)}/${encodeURIComponent(ref.pipeline)}/view?region=${region}`;
};

const COMMIT_PATHS: Record<string, (repo: string, sha: string) => string> = {
  github: (repo, sha) => `https://github.com/${repo}/commit/${sha}`,
  gitlab: (repo, sha) => `https://gitlab.com/${repo}/-/commit/${sha}`,
  bitbucket: (repo, sha) => `https://bitbucket.org/${repo}/commits/${sha}`,
};

// Repositories are `owner/name` (GitLab allows nested groups); each segment is encoded on its own.
const REPOSITORY = /^[^/\s]+(\/[^/\s]+)+$/;
const SHA = /^[0-9a-f]{7,64}$/i;

/**
 * The web page of the commit that triggered an execution, for the hosted providers whose URL is known
 * (GitHub, GitLab, Bitbucket). Self-hosted providers (GitHubEnterpriseServer, GitLabSelfManaged) and
 * triggers without a repository or commit give undefined.
 * @example
 * commitUrl({ provider: 'GitHub', repository: 'acme/prod-api', commitId: '9c4e1f7…' });
 * // 'https://github.com/acme/prod-api/commit/9c4e1f7…'
 */
export const commitUrl = (trigger: TriggerInfo | undefined): string | undefined => {
  const { provider, repository, commitId } = trigger ?? {};
  if (provider === undefined || repository === undefined || commitId === undefined) return undefined;
  const build = COMMIT_PATHS[provider.toLowerCase()];
  if (build === undefined || !REPOSITORY.test(repository) || !SHA.test(commitId)) return undefined;
  const repo = repository.split('/').map(encodeURIComponent).join('/');
  return build(repo, commitId);
};
