import { clickSlackButton } from '../local/slack-click';
import { startLocalStack } from '../local/stack';
import { approvalButtons, approvalOnlyRun, playRun } from './support/approval-runs';
import { percentile, round, writeResult } from './support/bench-env';

const SEQUENTIAL = 100;
const REJECTS = 50;
const PAIRS = 20;

type Ingest = Parameters<typeof playRun>[1];

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
};

const main = async (): Promise<void> => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const stack = await startLocalStack();
  const ingest = (await import('../functions/ingest')).handler as Ingest;
  const signingSecret = stack.env.SLACK_SIGNING_SECRET ?? '';

  /** Starts a run, waits for its buttons, and times one click from request to Slack's ack (the HTTP answer). */
  const timedClick = async (
    userId: string,
    actionId: 'pipegate.approve' | 'pipegate.reject',
    buttons: Awaited<ReturnType<typeof approvalButtons>>,
  ) => {
    const began = performance.now();
    const response = await clickSlackButton({
      apiUrl: stack.api.url,
      signingSecret,
      userId,
      actionId,
      channel: buttons.channel,
      messageTs: buttons.ts,
      value: buttons.value,
    });
    await response.text();
    if (response.status !== 200) throw new Error(`click answered ${response.status}`);
    return performance.now() - began;
  };
  const waitingRun = async () => {
    const plan = approvalOnlyRun();
    const played = playRun(stack, ingest, plan);
    return { plan, played, buttons: await approvalButtons(stack, plan.executionId) };
  };

  const approve: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) {
    const run = await waitingRun();
    approve.push(await timedClick('U0SAM0002', 'pipegate.approve', run.buttons));
    await run.played;
  }

  const reject: number[] = [];
  for (let i = 0; i < REJECTS; i += 1) {
    const run = await waitingRun();
    reject.push(await timedClick('U0SAM0002', 'pipegate.reject', run.buttons));
    await timedClick('U0JANE001', 'pipegate.approve', run.buttons);
    await run.played;
  }

  const pairLatencies: number[] = [];
  const putsPerRun: number[] = [];
  for (let i = 0; i < PAIRS; i += 1) {
    const run = await waitingRun();
    const both = await Promise.all([
      timedClick('U0JANE001', 'pipegate.approve', run.buttons),
      timedClick('U0SAM0002', 'pipegate.approve', run.buttons),
    ]);
    pairLatencies.push(...both);
    await run.played;
    putsPerRun.push(
      stack.codepipeline.approvalResults().filter((r) => r.executionId === run.plan.executionId).length,
    );
  }

  const approveStats = stats(approve);
  writeResult('approvals', {
    note: "Slack interaction handler in-process behind the local API Gateway, with dynalite and the Slack/CodePipeline stand-ins on the same 2-core machine; time from request to HTTP answer (Slack's ack), decision included",
    approveAck: approveStats,
    rejectModalAck: stats(reject),
    concurrentPairs: {
      runs: PAIRS,
      putApprovalResultPerRun: putsPerRun,
      allExactlyOne: putsPerRun.every((n) => n === 1),
      clickLatency: stats(pairLatencies),
    },
    targets: { approveAckP99Ms: '< 300', putApprovalResultPerRun: 1 },
    approveAckP99WithinTarget: approveStats.p99 < 300,
  });
  await stack.stop();
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
