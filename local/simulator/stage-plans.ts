import type { ActionPlan, StagePlan } from './execution-script';

// The building blocks of every simulated run (the `npm start` demo, the tests' approval runs, the browser
// test, the approvals benchmark), written once.

/** A stage of one action. */
const stageOf = (name: string, action: ActionPlan): StagePlan => ({ name, actions: [action] });

/** The console's redirect to a commit, as a CodeConnections source reports it (and GetPipelineExecution lists it). */
export const codeConnectionsCommitUrl = (repository: string, commitId: string): string =>
  `https://eu-west-1.console.aws.amazon.com/codesuite/settings/connections/redirect?connectionArn=arn:aws:codeconnections:eu-west-1:123456789012:connection/6a0e3c1d-58b2-4f7e-9d3a-2c8b1e5f7a90&referenceType=COMMIT&FullRepositoryId=${repository}&Commit=${commitId}`;

/**
 * The source stage; with a `revision`, its action reports it the way a CodeConnections source does
 * (`execution-result`: the commit as id, `{"ProviderType","CommitMessage"}` as summary, the redirect URL).
 */
export const sourceStage = (revision?: {
  commitId: string;
  message: string;
  repository?: string;
}): StagePlan =>
  stageOf('Source', {
    name: 'Source',
    category: 'Source',
    provider: 'CodeStarSourceConnection',
    ...(revision
      ? {
          result: {
            'external-execution-id': revision.commitId,
            'external-execution-summary': JSON.stringify({
              ProviderType: 'GitHub',
              CommitMessage: revision.message,
            }),
            'external-execution-url': codeConnectionsCommitUrl(
              revision.repository ?? 'acme/prod-api',
              revision.commitId,
            ),
          },
        }
      : {}),
  });

/** Build on CodeBuild; with `failure`, the action fails with that error and log link. */
export const buildStage = (failure?: ActionPlan['failure']): StagePlan =>
  stageOf('Build', {
    name: 'Build',
    category: 'Build',
    provider: 'CodeBuild',
    ...(failure ? { failure } : {}),
  });

export const deployStage = (): StagePlan =>
  stageOf('Deploy', { name: 'Deploy', category: 'Deploy', provider: 'ECS' });

/** The manual approval `Approval/ManualApproval`, with what the approver is asked to check. */
export const approvalStage = (
  options: { customData?: string; link?: string; timeoutInMinutes?: number } = {},
): StagePlan =>
  stageOf('Approval', {
    name: 'ManualApproval',
    category: 'Approval',
    provider: 'Manual',
    ...(options.customData || options.link
      ? {
          configuration: {
            ...(options.customData ? { CustomData: options.customData } : {}),
            ...(options.link ? { ExternalEntityLink: options.link } : {}),
          },
        }
      : {}),
    ...(options.timeoutInMinutes ? { timeoutInMinutes: options.timeoutInMinutes } : {}),
  });

/** The `execution-trigger` of a run started by a GitHub push of `author`. */
export const gitTrigger = (commit: {
  authorName: string;
  authorEmail: string;
  message: string;
  commitId: string;
  repository?: string;
}): Record<string, unknown> => ({
  'execution-trigger': {
    'trigger-type': 'WebhookV2',
    'author-display-name': commit.authorName,
    'author-email': commit.authorEmail,
    'commit-id': commit.commitId,
    // Authored 20 minutes before the run is played: where lead time for changes starts (delivery metrics).
    'author-date': new Date(Date.now() - 20 * 60_000).toISOString(),
    'commit-message': commit.message,
    'branch-name': 'main',
    'full-repository-name': commit.repository ?? 'acme/prod-api',
    'provider-type': 'GitHub',
  },
});
