import { randomUUID } from 'node:crypto';
import { headRevision } from './change-plans';
import type { ExecutionPlan, StagePlan } from './execution-script';
import { memberAccountPlan } from './member-account-plans';
import { approvalStage, buildStage, deployStage, gitTrigger, sourceStage } from './stage-plans';

const STAGES: StagePlan[] = [
  sourceStage(),
  buildStage(),
  approvalStage({
    customData: 'Check the canary error rate before approving the production deploy.',
    link: 'https://grafana.example.com/d/canary/prod-api',
    timeoutInMinutes: 240,
  }),
  deployStage(),
];

const demoCommit = (authorName: string, authorEmail: string, message: string): Record<string, unknown> =>
  gitTrigger({
    authorName,
    authorEmail,
    message,
    commitId: randomUUID().replaceAll('-', '').padEnd(40, '0').slice(0, 40),
  });

const logUrl = (region: string, build: string): string =>
  `https://${region}.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/prod-api-build/build/prod-api-build%3A${build}/log?region=${region}`;

/**
 * The executions `npm start` plays: a run waiting for approval with five commits since the release that
 * shipped (start.ts plays that one first: the change summary has something to compare with), a build
 * failure with its log link, a superseded run, a run in a second account and region waiting for approval,
 * one waiting inside a change freeze, and one that needs two approvers.
 */
export const demoPlans = (start: Date, round: number): ExecutionPlan[] => [
  {
    pipeline: 'prod-api',
    executionId: randomUUID(),
    start,
    stages: [headRevision().source, ...STAGES.slice(1)],
    trigger: headRevision().trigger,
  },
  {
    pipeline: 'prod-web',
    executionId: randomUUID(),
    start: new Date(start.getTime() + 3_000),
    stages: STAGES.map((stage) =>
      stage.name === 'Build'
        ? buildStage({
            errorCode: 'JobFailed',
            summary: 'Build terminated with state: FAILED',
            externalUrl: logUrl('eu-west-1', randomUUID()),
          })
        : stage,
    ),
    trigger: demoCommit('Sam Lee', 'sam@example.com', 'Upgrade webpack to 6'),
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
  memberAccountPlan(new Date(start.getTime() + 9_000), round),
  // Held by the config's "local demo freeze": the request says so, Approve is refused, Jane may break it.
  {
    pipeline: 'frozen-checkout',
    executionId: randomUUID(),
    start: new Date(start.getTime() + 12_000),
    stages: STAGES,
    trigger: demoCommit(
      'Priya Patel',
      'priya@example.com',
      `Change the checkout button copy (#${640 + round})`,
    ),
  },
  // pipegate.config.yaml asks two different people to approve prod-db: its card shows "0 of 2".
  {
    pipeline: 'prod-db',
    executionId: randomUUID(),
    start: new Date(start.getTime() + 15_000),
    stages: STAGES,
    trigger: demoCommit('Priya Patel', 'priya@example.com', 'Add index on orders.created_at'),
  },
];
