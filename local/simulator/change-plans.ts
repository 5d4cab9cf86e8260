// The change-summary runs shared by `npm start`, the integration tests and the browser test: a release that
// shipped, and a later run waiting for approval with five commits since, all in the GitHub stand-in.
import { createHash, randomUUID } from 'node:crypto';
import type { GitHubCommit, GitHubStandIn } from '../standins/github';
import type { ExecutionPlan } from './execution-script';
import { approvalStage, buildStage, deployStage, gitTrigger, sourceStage } from './stage-plans';

export const DEMO_REPOSITORY = 'acme/prod-api';

const sha = (seed: string): string => createHash('sha1').update(seed).digest('hex');

/** The demo repository's history, oldest first: index 0 shipped, the last one waits for approval. */
export const DEMO_COMMITS: GitHubCommit[] = [
  { sha: sha('shipped'), message: 'Release 2.3: payments retries', authorName: 'Jane Doe', login: 'jdoe' },
  { sha: sha('c1'), message: 'Log the retry budget per client', authorName: 'Priya Patel', login: 'ppatel' },
  { sha: sha('c2'), message: 'Fix flaky checkout test', authorName: 'Sam Lee', login: 'slee' },
  { sha: sha('c3'), message: 'Bump aws-sdk to 3.1169', authorName: 'Jane Doe', login: 'jdoe' },
  { sha: sha('c4'), message: 'Canary: alarm on p99 latency', authorName: 'Priya Patel', login: 'ppatel' },
  // Jane wrote the head commit, as she did every demo run's before (README): Sam can approve it, Jane is refused.
  {
    sha: sha('head'),
    message: 'Add /healthz endpoint to the API\n\nDetails.',
    authorName: 'Jane Doe',
    login: 'jane',
  },
];

const SHIPPED = DEMO_COMMITS[0] as GitHubCommit;
const HEAD = DEMO_COMMITS[DEMO_COMMITS.length - 1] as GitHubCommit;

/** Puts the demo repository's history in the GitHub stand-in. */
export const seedGitHubHistory = (github: GitHubStandIn): void => {
  github.addCommits(DEMO_REPOSITORY, DEMO_COMMITS);
};

const trigger = (commit: GitHubCommit): Record<string, unknown> =>
  gitTrigger({
    authorName: commit.authorName,
    authorEmail: `${commit.login ?? 'sam'}@example.com`,
    message: commit.message,
    commitId: commit.sha,
    repository: DEMO_REPOSITORY,
  });

const source = (commit: GitHubCommit) =>
  sourceStage({ commitId: commit.sha, message: commit.message, repository: DEMO_REPOSITORY });

/** The head commit's source stage and git trigger, for the demo's own plans. */
export const headRevision = () => ({ source: source(HEAD), trigger: trigger(HEAD) });

/** The release that shipped: source, build and deploy all succeed (the run got past every stage). */
export const shippedPlan = (start = new Date(), pipeline = 'prod-api'): ExecutionPlan => ({
  pipeline,
  executionId: randomUUID(),
  start,
  stepSeconds: 1,
  trigger: trigger(SHIPPED),
  stages: [source(SHIPPED), buildStage(), deployStage()],
});

/** A run with the head commit that stops in Build: one of the runs "in between". */
export const failedBuildPlan = (start = new Date(), pipeline = 'prod-api'): ExecutionPlan => ({
  ...shippedPlan(start, pipeline),
  trigger: trigger(HEAD),
  stages: [
    source(HEAD),
    buildStage({ errorCode: 'JobFailed', summary: 'Build terminated with state: FAILED', externalUrl: '' }),
  ],
});

/** The head commit waiting for approval before Deploy. */
export const changeApprovalPlan = (start = new Date(), pipeline = 'prod-api'): ExecutionPlan => ({
  ...shippedPlan(start, pipeline),
  trigger: trigger(HEAD),
  stages: [
    source(HEAD),
    buildStage(),
    approvalStage({ customData: 'Check the canary first', timeoutInMinutes: 120 }),
    deployStage(),
  ],
});
