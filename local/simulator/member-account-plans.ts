import { randomUUID } from 'node:crypto';
import { LOCAL_MEMBER_ACCOUNT } from '../standins/aws-account';
import type { ExecutionPlan, StagePlan } from './execution-script';
import { sourceStage } from './stage-plans';

const STAGES: StagePlan[] = [
  sourceStage(),
  {
    name: 'Approve',
    actions: [
      {
        name: 'ProdGate',
        category: 'Approval',
        provider: 'Manual',
        configuration: { CustomData: 'Payments production: check the settlement dashboard first.' },
        timeoutInMinutes: 240,
      },
    ],
  },
  { name: 'Deploy', actions: [{ name: 'Deploy', category: 'Deploy', provider: 'CloudFormation' }] },
];

/**
 * A run in the demo's member account and another region: pipegate decides its approval by assuming the
 * member role there, as it would for a team's production account.
 */
export const memberAccountPlan = (start: Date, round: number): ExecutionPlan => ({
  pipeline: 'payments-api',
  account: LOCAL_MEMBER_ACCOUNT.id,
  region: LOCAL_MEMBER_ACCOUNT.region,
  executionId: randomUUID(),
  start,
  stages: STAGES,
  trigger: {
    'execution-trigger': {
      'trigger-type': 'WebhookV2',
      'author-display-name': 'Alex Kim',
      'author-email': 'alex@example.com',
      'full-repository-name': 'acme/payments-api',
      'provider-type': 'GitHub',
      'commit-message': `Settlement batch size from config (#${301 + round})`,
      'branch-name': 'main',
      'commit-id': randomUUID().replaceAll('-', '').padEnd(40, '0').slice(0, 40),
    },
  },
});
