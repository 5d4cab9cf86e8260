import { randomUUID } from 'node:crypto';
import { buildEnvelope } from '../../../local/simulator/envelopes';
import { type ExecutionPlan, scriptExecution } from '../../../local/simulator/execution-script';
import { buildStage, sourceStage } from '../../../local/simulator/stage-plans';

/** One fixed start for every run of a file, so a faulted run's summary can equal a clean run's. */
export const RUN_START = new Date(Date.now() - 3_600_000);

/** A production run whose build fails: a card, a failure reply in its thread, and emails. */
export const failingBuildPlan = (pipeline: string): ExecutionPlan => ({
  pipeline,
  executionId: randomUUID(),
  start: RUN_START,
  stepSeconds: 5,
  trigger: {
    'execution-trigger': {
      'trigger-type': 'WebhookV2',
      'author-display-name': 'Priya Patel',
      'author-email': 'priya@example.com',
      'commit-id': '5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b',
      'commit-message': 'Add retry budget',
      'branch-name': 'main',
      'full-repository-name': 'acme/prod-api',
      'provider-type': 'GitHub',
    },
  },
  stages: [
    sourceStage(),
    buildStage({
      errorCode: 'JobFailed',
      summary: 'Build terminated with state: FAILED',
      externalUrl: 'https://example.com/log',
    }),
  ],
});

/** The plan's envelopes, as EventBridge would deliver them. */
export const envelopesOf = async (plan: ExecutionPlan): Promise<Record<string, unknown>[]> =>
  (await scriptExecution(plan)).map((spec) => buildEnvelope(spec));
