import { approvalOnlyPlan } from '../../local/simulator/approval-plans';
import { clickSlackButton } from '../../local/slack-click';
import type { CodePipelineFault } from '../../local/standins/codepipeline';
import { claimDecision } from '../../shared/approvals/decide-approval';
import { silentLog } from '../../shared/logging/log';
import { runDecisionJob } from '../../shared/notify/run-decision-job';
import { slackActor } from '../../shared/slack/slack-actor';
import { createDecideWiring } from '../../shared/wiring/decide-wiring';
import { type Harness, startHarness, waitFor } from '../integration/support/local-harness';
import { crashAtStep } from './support/crash-at-step';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

/** A run waiting at its approval, and a way to click its Approve button. */
const waitingRun = async (plan = approvalOnlyPlan()) => {
  const played = harness.play(plan);
  const message = await waitFor(() => harness.approvalMessage(plan.executionId));
  const record = await waitFor(async () => (await harness.approvals.listForExecution(plan.executionId))[0]);
  const click = (userId: string) =>
    clickSlackButton({
      apiUrl: harness.stack.api.url,
      signingSecret: harness.stack.env.SLACK_SIGNING_SECRET as string,
      userId,
      actionId: 'pipegate.approve',
      value: JSON.stringify({ e: plan.executionId, a: record.approvalId }),
      channel: message.channel,
      messageTs: message.ts,
    });
  return { plan, played, record, click };
};

/** Exactly one PutApprovalResult, recorded once as decided, nothing in the decider's DLQ. */
const expectDecidedOnce = async (run: Awaited<ReturnType<typeof waitingRun>>) => {
  await harness.stack.lambda.idle();
  await run.played;
  const results = harness.stack.codepipeline
    .approvalResults()
    .filter((result) => result.executionId === run.plan.executionId);
  expect(results).toHaveLength(1);
  const record = await waitFor(async () => {
    const stored = await harness.approvals.get(run.plan.executionId, run.record.approvalId);
    return stored?.status === 'approved' ? stored : undefined;
  });
  expect(record.decidedBy?.email).toBe('sam@example.com');
  const decided = (await harness.auditOf(run.plan.executionId)).filter(
    (entry) => entry.action === 'approval.decided',
  );
  expect(decided).toHaveLength(1);
  expect(harness.stack.lambda.failed()).toEqual([]);
};

const cpFault = (
  name: string,
  status: number,
  extra: Partial<CodePipelineFault> = {},
): CodePipelineFault => ({
  name,
  status,
  ...extra,
});

describe('decisions under faults: exactly one PutApprovalResult, recorded once', () => {
  it.each([
    [
      'GetPipelineState throttled beyond the SDK retries',
      'GetPipelineState',
      cpFault('ThrottlingException', 400),
      4,
    ],
    ['GetPipelineState 5xx', 'GetPipelineState', cpFault('InternalServiceError', 500), 4],
    [
      'PutApprovalResult throttled beyond the SDK retries',
      'PutApprovalResult',
      cpFault('ThrottlingException', 400),
      4,
    ],
    ['PutApprovalResult 5xx', 'PutApprovalResult', cpFault('InternalServiceError', 503), 2],
    [
      'PutApprovalResult applied, response lost once',
      'PutApprovalResult',
      cpFault('InternalServiceError', 500, { afterApplying: true }),
      1,
    ],
    [
      'PutApprovalResult applied, every response lost',
      'PutApprovalResult',
      cpFault('InternalServiceError', 500, { afterApplying: true }),
      3,
    ],
  ] as const)('%s', async (_name, operation, fault, times) => {
    // Prepare
    const run = await waitingRun();
    harness.stack.codepipeline.injectFault(operation, fault, times);

    // Act
    const response = await run.click('U0SAM0002');

    // Assess
    expect(response.status).toBe(200);
    await expectDecidedOnce(run);
  });

  it.each([
    ['throttled beyond the SDK retries', cpFault('ThrottlingException', 400), 4],
    ['5xx', cpFault('InternalServiceError', 500), 4],
  ] as const)(
    'ListActionExecutions %s (a PARALLEL pipeline: the token is only there)',
    async (_name, fault, times) => {
      // Prepare: GetPipelineState shows no token in PARALLEL mode, so the decider must list the executions
      const run = await waitingRun({ ...approvalOnlyPlan(), executionMode: 'PARALLEL' });
      harness.stack.codepipeline.injectFault('ListActionExecutions', fault, times);
      const listedBefore = harness.stack.codepipeline.calls('ListActionExecutions').length;

      // Act
      const response = await run.click('U0SAM0002');

      // Assess
      expect(response.status).toBe(200);
      await expectDecidedOnce(run);
      // The fault was met: every faulted call, then the one that found the token.
      expect(harness.stack.codepipeline.calls('ListActionExecutions').length - listedBefore).toBeGreaterThan(
        times,
      );
    },
  );

  it('decides once when Lambda delivers the async job twice (at-least-once)', async () => {
    // Prepare
    const run = await waitingRun();
    harness.stack.lambda.duplicateNext();

    // Act
    await run.click('U0SAM0002');

    // Assess
    await expectDecidedOnce(run);
    expect(
      harness.stack.lambda
        .runs()
        .filter((r) => r.payload && JSON.stringify(r.payload).includes(run.record.approvalId)),
    ).toHaveLength(2);
  });

  it('gives the claim back and tells the approver when the hand-over is throttled, so a second click decides', async () => {
    // Prepare
    const run = await waitingRun();
    harness.stack.lambda.injectFault({ status: 429, name: 'TooManyRequestsException' }, 5);

    // Act
    await run.click('U0SAM0002');
    const told = harness.stack.slack
      .ephemerals()
      .filter((e) => e.user === 'U0SAM0002')
      .at(-1);
    await run.click('U0SAM0002');

    // Assess
    expect(told?.text).toMatch(/try again/i);
    await expectDecidedOnce(run);
  });

  it('answers Slack within 3 s while CodePipeline takes 2.5 s per call, and decides afterwards', async () => {
    // Prepare
    const run = await waitingRun();
    harness.stack.codepipeline.setLatency(2_500);

    // Act
    const started = performance.now();
    const response = await run.click('U0SAM0002');
    const ackMs = performance.now() - started;

    // Assess
    expect(response.status).toBe(200);
    expect(ackMs).toBeLessThan(3_000);
    await expectDecidedOnce(run);
    harness.stack.codepipeline.setLatency(0);
  });

  it('crashes at every step boundary of the decision and is completed once by the retry', async () => {
    // Prepare: how many AWS calls a clean decision takes
    const wire = async (clients: ReturnType<typeof crashAtStep>['clients']) =>
      createDecideWiring({ ...clients, log: silentLog }, ['slackBotToken'])();
    const clean = await wire(crashAtStep(0).clients);
    const claimFor = async (run: Awaited<ReturnType<typeof waitingRun>>) => {
      const actor = await slackActor(clean.chat as NonNullable<typeof clean.chat>, 'U0SAM0002');
      const claim = await claimDecision(
        {
          executionId: run.plan.executionId,
          approvalId: run.record.approvalId,
          decision: 'Approved',
          actor,
          channel: 'slack',
        },
        clean.decide,
      );
      if (claim.outcome !== 'claimed') throw new Error(`not claimed: ${claim.outcome}`);
      return claim.job;
    };
    const probe = await waitingRun();
    const counting = crashAtStep(0);
    const countingService = await wire(counting.clients);
    await runDecisionJob(await claimFor(probe), { decide: countingService.decide, log: silentLog });
    await probe.played;
    const steps = counting.calls;
    const crashes: string[] = [];

    // Act
    for (let step = 1; step <= steps; step += 1) {
      const run = await waitingRun();
      const job = await claimFor(run);
      const crash = crashAtStep(step);
      const crashing = await wire(crash.clients);
      await runDecisionJob(job, { decide: crashing.decide, log: silentLog }).catch(() => undefined);
      crashes.push(String(crash.crashedBefore));
      // Lambda's async retry runs the same job again in a fresh container.
      await runDecisionJob(job, { decide: clean.decide, log: silentLog });

      // Assess
      await expectDecidedOnce(run);
    }
    expect(steps).toBeGreaterThan(3);
    expect(crashes).toEqual(expect.arrayContaining(['PutApprovalResultCommand']));
  }, 300_000);
});
