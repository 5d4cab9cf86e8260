// Approval runs shared by the integration tests, the browser test and the approvals benchmark.
import { randomUUID } from 'node:crypto';
import type { ExecutionPlan } from './execution-script';

/** A pipeline with a manual approval between Build and Deploy, committed by `author`. */
export const approvalPlan = (
  author = { name: 'Priya Patel', email: 'priya@example.com' },
): ExecutionPlan => ({
  pipeline: 'prod-api',
  executionId: randomUUID(),
  start: new Date(),
  stepSeconds: 1,
  trigger: {
    'execution-trigger': {
      'trigger-type': 'WebhookV2',
      'author-display-name': author.name,
      'author-email': author.email,
      'commit-id': '5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b',
      // Authored 20 minutes before the run: where lead time for changes starts (delivery metrics).
      'author-date': new Date(Date.now() - 20 * 60_000).toISOString(),
      'commit-message': 'Add retry budget',
      'branch-name': 'main',
      'full-repository-name': 'acme/prod-api',
      'provider-type': 'GitHub',
    },
  },
  stages: [
    { name: 'Build', actions: [{ name: 'Build', category: 'Build', provider: 'CodeBuild' }] },
    {
      name: 'Approval',
      actions: [
        {
          name: 'ManualApproval',
          category: 'Approval',
          provider: 'Manual',
          configuration: {
            CustomData: 'Check the canary first',
            ExternalEntityLink: 'https://grafana.example.com/d/canary',
          },
          timeoutInMinutes: 120,
        },
      ],
    },
    { name: 'Deploy', actions: [{ name: 'Deploy', category: 'Deploy', provider: 'ECS' }] },
  ],
});

/** Only the approval stage: the shortest run that waits for a decision (for many-run tests). */
export const approvalOnlyPlan = (): ExecutionPlan => ({
  ...approvalPlan(),
  stages: [
    { name: 'Approval', actions: [{ name: 'ManualApproval', category: 'Approval', provider: 'Manual' }] },
  ],
});
