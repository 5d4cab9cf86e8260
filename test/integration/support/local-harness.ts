import type { FallbackHandler } from '../../../local/api/start-local-api';
import { definePipelines, standInApprovalGate } from '../../../local/simulator/codepipeline-gate';
import { buildEnvelope } from '../../../local/simulator/envelopes';
import { toSqsBatch } from '../../../local/simulator/eventbridge-delivery';
import {
  type ApprovalGate,
  type ExecutionPlan,
  playExecution,
} from '../../../local/simulator/execution-script';
import { deliverLikeSqs } from '../../../local/simulator/sqs-redelivery';
import { type LocalStack, startLocalStack } from '../../../local/stack';
import type { SlackMessage } from '../../../local/standins/slack';
import { createDynamoApprovalStore } from '../../../shared/adapters/dynamodb/approval-store';
import type { ApprovalStore } from '../../../shared/approvals/approval-store';
import { DEFAULT_RETENTION } from '../../../shared/config/retention';
import { sleep } from '../../../shared/runtime/sleep';
import { itemsUnder } from './table-items';

export interface Harness {
  stack: LocalStack;
  /**
   * Plays a plan through the real ingest handler; resolves when the execution has finished. Approvals wait
   * for PutApprovalResult on the CodePipeline stand-in unless another `gate` is given.
   */
  play(plan: ExecutionPlan, gate?: ApprovalGate): Promise<void>;
  /** The approval records, read from the stack's table. */
  approvals: ApprovalStore;
  /** Audit entries stored with an execution (or under `AUDIT#<day>` when none was known), oldest first. */
  auditOf(
    executionId: string | undefined,
  ): Promise<Array<{ action: string; reason?: string; actor?: { id: string } }>>;
  /** The Slack message in the thread that carries an approval's buttons. */
  approvalMessage(executionId: string): SlackMessage | undefined;
  stop(): Promise<void>;
}

/**
 * Waits until `probe` returns a value (polling a condition, never a fixed sleep) or fails after `ms`.
 * @example const message = await waitFor(() => harness.approvalMessage(id));
 */
export const waitFor = async <T>(
  probe: () => T | undefined | Promise<T | undefined>,
  // A safety net, not a timing assumption: generous because a loaded machine can be many times slower.
  ms = 60_000,
): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
};

/**
 * The whole local stack on the tests' dynalite: stand-ins for Slack, SNS and CodePipeline, the local API
 * Gateway in front of the real HTTP handlers, and the real ingest handler fed by the simulator.
 */
export const startHarness = async (
  options: { dynamoEndpoint?: string; fallback?: FallbackHandler } = {},
): Promise<Harness> => {
  const stack = await startLocalStack({
    dynamoEndpoint: options.dynamoEndpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB,
    tableName: `pipegate-e2e-${Date.now()}`,
    fallback: options.fallback,
  });
  const { handler: ingest } = await import('../../../functions/ingest');
  const gate = standInApprovalGate(stack.codepipeline);
  const inflight = new Set<Promise<void>>();
  let stopped = false;
  return {
    stack,
    approvals: createDynamoApprovalStore({
      client: stack.dynamodb,
      tableName: stack.env.PIPEGATE_TABLE as string,
      retention: DEFAULT_RETENTION,
    }),
    async play(plan, planGate = gate) {
      definePipelines(stack.codepipeline, [plan]);
      for await (const spec of playExecution(plan, planGate)) {
        // Runs left waiting by a test end quietly when the harness stops, instead of hitting a stopped stack.
        if (stopped) return;
        const envelope = buildEnvelope({ ...spec, time: new Date().toISOString() });
        const delivery = deliverLikeSqs(
          ingest,
          toSqsBatch([envelope], { duplicateShare: 0, reorderShare: 0 }),
        );
        inflight.add(delivery);
        await delivery.finally(() => inflight.delete(delivery));
      }
    },
    async auditOf(executionId) {
      const pk = executionId ? `EXEC#${executionId}` : `AUDIT#${new Date().toISOString().slice(0, 10)}`;
      const items = await itemsUnder(stack.dynamodb, stack.env.PIPEGATE_TABLE as string, pk);
      return items.filter((item) => item.kind === 'audit').map((item) => JSON.parse(String(item.entry)));
    },
    approvalMessage(executionId) {
      return stack.slack
        .messages()
        .find(
          (message) =>
            message.thread_ts &&
            JSON.stringify(message.blocks ?? []).includes(`\\"e\\":\\"${executionId}\\"`),
        );
    },
    async stop() {
      stopped = true;
      await Promise.allSettled([...inflight]);
      await stack.stop();
    },
  };
};
