import { loadavg } from 'node:os';
import { approvalOnlyPlan } from '../local/simulator/approval-plans';
import { clickSlackButton, submitRejectDialog } from '../local/slack-click';
import { startLocalStack } from '../local/stack';
import { type ApprovalButtons, approvalButtons, playRun } from './support/approval-runs';
import { percentile, round, writeResult } from './support/bench-env';

const SEQUENTIAL = 100;
const REJECTS = 50;
const PAIRS = 20;
/** Allowed approvers in the bundled pipegate.config.yaml (the commit author is Priya). */
const SAM = 'U0SAM0002';
const JANE = 'U0JANE001';

const stats = (samples: readonly number[]) => {
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
  const { handler: ingest } = await import('../functions/ingest');
  const signingSecret = stack.env.SLACK_SIGNING_SECRET;
  if (!signingSecret) throw new Error('the local stack has no Slack signing secret (SLACK_BOT_TOKEN set?)');
  const { slack, codepipeline } = stack;

  /** Times one request from sending it to its HTTP answer (what Slack counts as the ack). */
  const timed = async (send: () => Promise<Response>): Promise<number> => {
    const began = performance.now();
    const response = await send();
    const body = await response.text();
    const ms = performance.now() - began;
    if (response.status !== 200) throw new Error(`interaction answered ${response.status}: ${body}`);
    if (body && (JSON.parse(body) as { response_action?: string }).response_action === 'errors')
      throw new Error(`interaction refused: ${body}`);
    return ms;
  };
  const click = (
    userId: string,
    actionId: 'pipegate.approve' | 'pipegate.reject',
    buttons: ApprovalButtons,
  ) =>
    timed(() =>
      clickSlackButton({
        apiUrl: stack.api.url,
        signingSecret,
        userId,
        actionId,
        channel: buttons.channel,
        messageTs: buttons.ts,
        value: buttons.value,
      }),
    );
  /** A run waiting for its decision: the approval event fully ingested and its buttons in Slack. */
  const waitingRun = async () => {
    const run = playRun(stack, ingest, approvalOnlyPlan());
    await run.waiting;
    return { ...run, buttons: await approvalButtons(stack, run.plan.executionId) };
  };
  const decisionsOf = (executionId: string) =>
    codepipeline.approvalResults().filter((result) => result.executionId === executionId);

  // The first click loads and wires the slack-interactions function (its cold start): timed, kept apart.
  const warm = await waitingRun();
  const coldClickMs = await click(SAM, 'pipegate.approve', warm.buttons);
  await warm.finished;

  const loadBefore = loadavg();
  const approve: number[] = [];
  const approveDecisions: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) {
    const run = await waitingRun();
    approve.push(await click(SAM, 'pipegate.approve', run.buttons));
    await run.finished;
    approveDecisions.push(decisionsOf(run.plan.executionId).length);
  }

  const reject: number[] = [];
  const rejectSubmit: number[] = [];
  const viewsOpened: number[] = [];
  const rejected: boolean[] = [];
  for (let i = 0; i < REJECTS; i += 1) {
    const run = await waitingRun();
    const viewsBefore = slack.views().length;
    reject.push(await click(SAM, 'pipegate.reject', run.buttons));
    const views = slack.views();
    viewsOpened.push(views.length - viewsBefore);
    const privateMetadata = views.at(-1)?.private_metadata;
    if (typeof privateMetadata !== 'string') throw new Error('Reject opened no dialog with private_metadata');
    rejectSubmit.push(
      await timed(() =>
        submitRejectDialog({
          apiUrl: stack.api.url,
          signingSecret,
          userId: SAM,
          privateMetadata,
          comment: 'Benchmark: not this one',
        }),
      ),
    );
    await run.finished;
    const decisions = decisionsOf(run.plan.executionId);
    rejected.push(decisions.length === 1 && decisions[0]?.status === 'Rejected');
  }

  const pairClicks: number[] = [];
  const putCallsPerRun: number[] = [];
  const decisionsPerRun: number[] = [];
  const losersTold: boolean[] = [];
  for (let i = 0; i < PAIRS; i += 1) {
    const run = await waitingRun();
    const putsBefore = codepipeline.calls('PutApprovalResult').length;
    const ephemeralsBefore = slack.ephemerals().length;
    pairClicks.push(
      ...(await Promise.all([
        click(JANE, 'pipegate.approve', run.buttons),
        click(SAM, 'pipegate.approve', run.buttons),
      ])),
    );
    await run.finished;
    putCallsPerRun.push(codepipeline.calls('PutApprovalResult').length - putsBefore);
    decisionsPerRun.push(decisionsOf(run.plan.executionId).length);
    const told = slack.ephemerals().slice(ephemeralsBefore);
    losersTold.push(told.length === 1 && /already approved by/.test(told[0]?.text ?? ''));
  }
  const loadAfter = loadavg();

  const approveAck = stats(approve);
  const pairs = stats(pairClicks);
  writeResult('approvals', {
    note:
      'the slack-interactions handler runs in this process behind the local API Gateway, with a dynalite ' +
      'process and the Slack/CodePipeline stand-ins on the same 2-core machine; time from sending the signed ' +
      "request to its HTTP answer (Slack's ack), the whole decision included (users.info, policy, claim, " +
      'GetPipelineState + ListActionExecutions, PutApprovalResult, audit, Slack updates). One run at a time, ' +
      'each clicked once CodePipeline waits for it. p99 of 100 samples is the largest (bench-env percentile).',
    loadAverage1m: { before: round(loadBefore[0] ?? 0), after: round(loadAfter[0] ?? 0) },
    coldClickMs: round(coldClickMs),
    approveAck: { ...approveAck, putApprovalResultPerRun: [...new Set(approveDecisions)] },
    rejectModalAck: {
      ...stats(reject),
      viewsOpenedPerClick: [...new Set(viewsOpened)],
    },
    rejectSubmitAck: { ...stats(rejectSubmit), allRejectedOnce: rejected.every(Boolean) },
    concurrentPairs: {
      n: PAIRS,
      putApprovalResultPerRun: putCallsPerRun,
      allExactlyOne: putCallsPerRun.every((n) => n === 1) && decisionsPerRun.every((n) => n === 1),
      loserToldWhoDecided: losersTold.filter(Boolean).length,
      clicks: pairs.n,
      p50: pairs.p50,
      p99: pairs.p99,
      max: pairs.max,
    },
    targets: { approveAckP99Ms: '< 300', putApprovalResultPerRun: 1 },
    approveAckP99WithinTarget: approveAck.p99 < 300,
  });
  await stack.stop();
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
