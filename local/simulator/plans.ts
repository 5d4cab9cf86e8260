import { randomUUID } from 'node:crypto';
import type { ExecutionPlan, StagePlan } from './execution-script';

const STAGES: StagePlan[] = [
  { name: 'Source', actions: [{ name: 'Source', category: 'Source', provider: 'CodeStarSourceConnection' }] },
  { name: 'Build', actions: [{ name: 'Build', category: 'Build', provider: 'CodeBuild' }] },
  {
    name: 'Approval',
    actions: [
      {
        name: 'ManualApproval',
        category: 'Approval',
        provider: 'Manual',
        configuration: {
          CustomData: 'Check the canary error rate before approving the production deploy.',
          ExternalEntityLink: 'https://grafana.example.com/d/canary/prod-api',
        },
        timeoutInMinutes: 240,
      },
    ],
  },
  { name: 'Deploy', actions: [{ name: 'Deploy', category: 'Deploy', provider: 'ECS' }] },
];

const gitTrigger = (author: string, email: string, message: string): Record<string, unknown> => ({
  'execution-trigger': {
    'trigger-type': 'WebhookV2',
    'author-display-name': author,
    'author-email': email,
    'full-repository-name': 'acme/prod-api',
    'provider-type': 'GitHub',
    'commit-message': message,
    // Authored a little before the run: where lead time for changes starts (delivery metrics).
    'author-date': new Date(Date.now() - 25 * 60_000).toISOString(),
    'branch-name': 'main',
    'commit-id': randomUUID().replaceAll('-', '').padEnd(40, '0').slice(0, 40),
  },
});

const logUrl = (region: string, build: string): string =>
  `https://${region}.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/prod-api-build/build/prod-api-build%3A${build}/log?region=${region}`;

/** The executions `npm start` plays: a clean run, a build failure with its log link, a superseded run. */
export const demoPlans = (start: Date, round: number): ExecutionPlan[] => [
  {
    pipeline: 'prod-api',
    executionId: randomUUID(),
    start,
    stages: STAGES,
    trigger: gitTrigger(
      'Jane Doe',
      'jane@example.com',
      `Add retry budget to payments client (#${812 + round})\n\nDetails.`,
    ),
  },
  {
    pipeline: 'prod-web',
    executionId: randomUUID(),
    start: new Date(start.getTime() + 3_000),
    stages: STAGES.map((stage) =>
      stage.name === 'Build'
        ? {
            ...stage,
            actions: [
              {
                name: 'Build',
                category: 'Build',
                provider: 'CodeBuild',
                failure: {
                  errorCode: 'JobFailed',
                  summary: 'Build terminated with state: FAILED',
                  externalUrl: logUrl('eu-west-1', randomUUID()),
                },
              },
            ],
          }
        : stage,
    ),
    trigger: gitTrigger('Sam Lee', 'sam@example.com', 'Upgrade webpack to 6'),
  },
  {
    pipeline: 'staging-worker',
    executionId: randomUUID(),
    start: new Date(start.getTime() + 6_000),
    stages: STAGES,
    supersededBefore: 'Approval',
    trigger: {
      'execution-trigger': {
        'trigger-type': 'StartPipelineExecution',
        'trigger-detail': 'arn:aws:sts::123456789012:assumed-role/Ops/alex',
      },
    },
  },
];
