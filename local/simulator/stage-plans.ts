import type { ActionPlan, StagePlan } from './execution-script';

// The building blocks of every simulated run (the `npm start` demo, the tests' approval runs, the browser
// test, the approvals benchmark), written once.

/** A stage of one action. */
const stageOf = (name: string, action: ActionPlan): StagePlan => ({ name, actions: [action] });

export const sourceStage = (): StagePlan =>
  stageOf('Source', { name: 'Source', category: 'Source', provider: 'CodeStarSourceConnection' });

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
    'commit-message': commit.message,
    'branch-name': 'main',
    'full-repository-name': commit.repository ?? 'acme/prod-api',
    'provider-type': 'GitHub',
  },
});
