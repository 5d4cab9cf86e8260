import type { LocalStack } from '../../../local/stack';
import { createWebHandler } from '../../../local/web/web-handler';
import { signSlackRequest } from '../../../shared/slack/verify-slack-signature';
import { type Harness, startHarness } from '../../integration/support/local-harness';
import { itemsUnder } from '../../integration/support/table-items';

/** The local stack with the web page's helper routes, as `npm start` serves them. */
export const startAttackHarness = async (): Promise<Harness> => {
  let stack: LocalStack | undefined;
  const harness = await startHarness({
    fallback: createWebHandler({ stack: () => stack, pipelines: () => ['prod-api'] }),
  });
  stack = harness.stack;
  return harness;
};

/** Every audit entry of today that is not under an execution (forged requests landed there before). */
export const auditItemCount = async (stack: LocalStack): Promise<number> =>
  (
    await itemsUnder(
      stack.dynamodb,
      stack.env.PIPEGATE_TABLE as string,
      `AUDIT#${new Date().toISOString().slice(0, 10)}`,
    )
  ).length;

/** A Slack interaction body signed with `secret` at `seconds` (Slack's v0 scheme). */
export const slackPost = (
  url: string,
  body: string,
  secret: string,
  seconds = Math.floor(Date.now() / 1000),
) =>
  fetch(`${url}/slack/interactions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(body, secret, seconds),
    },
    body,
  });

/** The Approve click of `userId` on an approval, as a signed form body. */
export const approveBody = (executionId: string, approvalId: string, userId: string): string =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: userId },
      trigger_id: `t-${Math.random()}`,
      channel: { id: 'C0DEPLOYS' },
      container: { type: 'message', message_ts: '1.1', channel_id: 'C0DEPLOYS' },
      actions: [
        {
          type: 'button',
          action_id: 'pipegate.approve',
          value: JSON.stringify({ e: executionId, a: approvalId }),
        },
      ],
    }),
  }).toString();

/** Runs `tasks` with at most `width` in flight, keeping their order in the result. */
export const inBatches = async <T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> => {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next;
      next += 1;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
};
