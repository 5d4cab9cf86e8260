import { definePipelines, standInApprovalGate } from '../../local/simulator/codepipeline-gate';
import { buildEnvelope } from '../../local/simulator/envelopes';
import { toSqsBatch } from '../../local/simulator/eventbridge-delivery';
import { type ExecutionPlan, playExecution } from '../../local/simulator/execution-script';
import { deliverLikeSqs } from '../../local/simulator/sqs-redelivery';
import type { LocalStack } from '../../local/stack';
import { sleep } from '../../shared/runtime/sleep';

type Ingest = Parameters<typeof deliverLikeSqs>[0];

export interface PlayingRun {
  plan: ExecutionPlan;
  /** Resolves when CodePipeline waits for the decision: the approval's STARTED event is fully ingested. */
  waiting: Promise<void>;
  /** Resolves when the run has finished (after its decision). */
  finished: Promise<void>;
}

/** Plays a run through the real ingest handler, one SQS delivery per event, as the integration harness does. */
export const playRun = (stack: LocalStack, ingest: Ingest, plan: ExecutionPlan): PlayingRun => {
  definePipelines(stack.codepipeline, [plan]);
  const gate = standInApprovalGate(stack.codepipeline);
  let reached: () => void = () => {};
  const waiting = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const finished = (async () => {
    const signalling: typeof gate = (approval) => {
      const decision = gate(approval);
      reached();
      return decision;
    };
    for await (const spec of playExecution(plan, signalling)) {
      const envelope = buildEnvelope({ ...spec, time: new Date().toISOString() });
      await deliverLikeSqs(ingest, toSqsBatch([envelope], { duplicateShare: 0, reorderShare: 0 }));
    }
  })();
  return { plan, waiting: Promise.race([waiting, finished]), finished };
};

export interface ApprovalButtons {
  channel: string;
  ts: string;
  /** The buttons' value as pipegate rendered it: `{"e":"<execution>","a":"<approval>"}`. */
  value: string;
}

/** Polls (never a fixed sleep) until the run's approval message with its buttons is in the Slack thread. */
export const approvalButtons = async (stack: LocalStack, executionId: string): Promise<ApprovalButtons> => {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const message = stack.slack
      .messages()
      .find((m) => m.thread_ts && JSON.stringify(m.blocks ?? []).includes(`\\"e\\":\\"${executionId}\\"`));
    const value = JSON.stringify(message?.blocks ?? []).match(
      /\{\\"e\\":\\"[^\\]+\\",\\"a\\":\\"[^\\]+\\"\}/,
    )?.[0];
    if (message && value)
      return { channel: message.channel, ts: message.ts, value: value.replaceAll('\\"', '"') };
    await sleep(20);
  }
  throw new Error(`no approval buttons for ${executionId} within 30 s`);
};
