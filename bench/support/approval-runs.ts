import { randomUUID } from 'node:crypto';
import { definePipelines, standInApprovalGate } from '../../local/simulator/codepipeline-gate';
import { buildEnvelope } from '../../local/simulator/envelopes';
import { toSqsBatch } from '../../local/simulator/eventbridge-delivery';
import { type ExecutionPlan, playExecution } from '../../local/simulator/execution-script';
import { deliverLikeSqs } from '../../local/simulator/sqs-redelivery';
import type { LocalStack } from '../../local/stack';

type Ingest = Parameters<typeof deliverLikeSqs>[0];

/** A run that only waits for a manual approval (the shortest run that needs a decision). */
export const approvalOnlyRun = (): ExecutionPlan => ({
  pipeline: 'prod-api',
  executionId: randomUUID(),
  start: new Date(),
  stepSeconds: 1,
  trigger: {
    'execution-trigger': {
      'author-email': 'priya@example.com',
      'commit-id': '5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b',
    },
  },
  stages: [
    { name: 'Approval', actions: [{ name: 'ManualApproval', category: 'Approval', provider: 'Manual' }] },
  ],
});

/** Plays a run through the real ingest handler; resolves when it has finished (after its decision). */
export const playRun = async (stack: LocalStack, ingest: Ingest, plan: ExecutionPlan): Promise<void> => {
  definePipelines(stack.codepipeline, [plan]);
  for await (const spec of playExecution(plan, standInApprovalGate(stack.codepipeline))) {
    const envelope = buildEnvelope({ ...spec, time: new Date().toISOString() });
    await deliverLikeSqs(ingest, toSqsBatch([envelope], { duplicateShare: 0, reorderShare: 0 }));
  }
};

/** Polls (never a fixed sleep) until the run's approval buttons are in Slack. */
export const approvalButtons = async (stack: LocalStack, executionId: string) => {
  for (let tries = 0; tries < 1_500; tries += 1) {
    const message = stack.slack
      .messages()
      .find((m) => m.thread_ts && JSON.stringify(m.blocks ?? []).includes(`\\"e\\":\\"${executionId}\\"`));
    const value = JSON.stringify(message?.blocks ?? []).match(
      /\{\\"e\\":\\"[^\\]+\\",\\"a\\":\\"[^\\]+\\"\}/,
    )?.[0];
    if (message && value)
      return { channel: message.channel, ts: message.ts, value: value.replaceAll('\\"', '"') };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no approval buttons for ${executionId}`);
};
