// Approval runs shared by the integration tests, the browser test and the approvals benchmark.
import { randomUUID } from 'node:crypto';
import type { ExecutionPlan } from './execution-script';
import { approvalStage, buildStage, deployStage, gitTrigger } from './stage-plans';

/** A pipeline with a manual approval between Build and Deploy, committed by `author`. */
export const approvalPlan = (
  author = { name: 'Priya Patel', email: 'priya@example.com' },
): ExecutionPlan => ({
  pipeline: 'prod-api',
  executionId: randomUUID(),
  start: new Date(),
  stepSeconds: 1,
  trigger: gitTrigger({
    authorName: author.name,
    authorEmail: author.email,
    message: 'Add retry budget',
    commitId: '5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b',
  }),
  stages: [
    buildStage(),
    approvalStage({
      customData: 'Check the canary first',
      link: 'https://grafana.example.com/d/canary',
      timeoutInMinutes: 120,
    }),
    deployStage(),
  ],
});

/** A run of a pipeline the config's "local demo freeze" holds (pipegate.config.yaml, `frozen-*`). */
export const frozenApprovalPlan = (): ExecutionPlan => ({ ...approvalPlan(), pipeline: 'frozen-checkout' });

/** Only the approval stage: the shortest run that waits for a decision (for many-run tests). */
export const approvalOnlyPlan = (): ExecutionPlan => ({
  ...approvalPlan(),
  stages: [approvalStage()],
});
