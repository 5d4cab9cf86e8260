import type { ExecutionSummary } from '../history/execution-summary';

/** Where a source revision lives, when its URL or the trigger says so. */
export type SourceProvider = 'github' | 'gitlab' | 'bitbucket' | 'codecommit';

export interface SourceRepository {
  provider: SourceProvider;
  /** `owner/name` for the git hosts; the repository name for CodeCommit. */
  repository: string;
  /** CodeCommit's console is per region. */
  region?: string;
}

/** One source artifact's revision in one execution (a commit, an S3 object version, an image digest). */
export interface SourceRevision {
  /** The source action's name from events, or the artifact's name from GetPipelineExecution. */
  name: string;
  revisionId: string;
  /** First line of the commit message (or the provider's summary). */
  summary?: string;
  url?: string;
  repo?: SourceRepository;
}

/** CodeConnections (CodeStar) put `{"ProviderType":"GitHub","CommitMessage":"…"}` in the summary. */
const connectionSummary = (text: string): { provider?: string; message?: string } | undefined => {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const record = parsed as Record<string, unknown>;
    return {
      provider: typeof record.ProviderType === 'string' ? record.ProviderType : undefined,
      message: typeof record.CommitMessage === 'string' ? record.CommitMessage : undefined,
    };
  } catch {
    return undefined;
  }
};

const PROVIDER_NAMES: Record<string, SourceProvider> = {
  github: 'github',
  githubenterpriseserver: 'github',
  gitlab: 'gitlab',
  gitlabselfmanaged: 'gitlab',
  bitbucket: 'bitbucket',
  codecommit: 'codecommit',
};

/** `GitHub`, `GitLab`, `Bitbucket`, `CodeCommit` (provider-type / ProviderType / action provider) → ours. */
export const providerNamed = (name: string | undefined): SourceProvider | undefined =>
  name ? PROVIDER_NAMES[name.toLowerCase().replace(/[^a-z]/g, '')] : undefined;

const HOSTS: Record<string, SourceProvider> = {
  'github.com': 'github',
  'gitlab.com': 'gitlab',
  'bitbucket.org': 'bitbucket',
};

const parseUrl = (url: string | undefined): URL | undefined => {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
};

/**
 * The repository a revision URL points at: a CodeConnections redirect (`FullRepositoryId=owner/repo`), a
 * github.com / gitlab.com / bitbucket.org commit page, or a CodeCommit console commit page. `providerHint`
 * names the host where the URL does not (the redirect URL is the same for every provider).
 */
export const repositoryOfUrl = (
  url: string | undefined,
  providerHint?: SourceProvider,
): SourceRepository | undefined => {
  const parsed = parseUrl(url);
  if (!parsed) return undefined;
  const fullRepositoryId = parsed.searchParams.get('FullRepositoryId');
  if (fullRepositoryId && providerHint && providerHint !== 'codecommit') {
    return { provider: providerHint, repository: fullRepositoryId };
  }
  const host = HOSTS[parsed.hostname.toLowerCase()];
  if (host) {
    const [owner, name] = parsed.pathname.split('/').filter(Boolean);
    return owner && name ? { provider: host, repository: `${owner}/${name}` } : undefined;
  }
  if (parsed.hostname.endsWith('console.aws.amazon.com')) {
    // `/codesuite/codecommit/repositories/<name>/commit/<sha>` or the older `/codecommit/home#/repository/<name>/…`.
    const path = `${parsed.pathname}${parsed.hash}`;
    const match = /\/(?:repositories|repository)\/([^/?#]+)\//.exec(path);
    const region =
      parsed.searchParams.get('region') ?? /^([a-z]{2}-[a-z]+-\d)\./.exec(parsed.hostname)?.[1] ?? undefined;
    if (match?.[1] && /codecommit/.test(path)) {
      return { provider: 'codecommit', repository: decodeURIComponent(match[1]), region };
    }
  }
  return undefined;
};

const firstLineOf = (text: string | undefined): string | undefined => {
  const line = text?.split('\n')[0]?.trim();
  return line ? line : undefined;
};

/**
 * A revision from what CodePipeline reports for a source (event `execution-result` or GetPipelineExecution's
 * `artifactRevisions`): id, message (unwrapped from CodeConnections' JSON), URL and the repository behind it.
 */
export const toSourceRevision = (input: {
  name: string;
  revisionId: string;
  summary?: string;
  url?: string;
  actionProvider?: string;
}): SourceRevision => {
  const wrapped = input.summary ? connectionSummary(input.summary) : undefined;
  const hint = providerNamed(wrapped?.provider) ?? providerNamed(input.actionProvider);
  return {
    name: input.name,
    revisionId: input.revisionId,
    summary: firstLineOf(wrapped ? wrapped.message : input.summary),
    url: input.url,
    repo: repositoryOfUrl(input.url, hint),
  };
};

/**
 * The source revisions an execution's own events reported: each Source action that succeeded with an
 * `execution-result` (its external execution id is the revision). Costs nothing to keep: the summary stores
 * action results anyway, so no write is added per event.
 */
export const revisionsOfSummary = (summary: ExecutionSummary): SourceRevision[] =>
  Object.values(summary.actions)
    .filter((action) => action.category === 'Source' && action.result?.externalId)
    .sort((a, b) => a.action.localeCompare(b.action))
    .map((action) =>
      toSourceRevision({
        name: action.action,
        revisionId: action.result?.externalId ?? '',
        summary: action.result?.summary,
        url: action.result?.externalUrl,
        actionProvider: action.provider,
      }),
    );
