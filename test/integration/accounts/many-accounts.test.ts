import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { Context } from 'aws-lambda';
import { buildProgram } from '../../../cli/main';
import { approvalPlan } from '../../../local/simulator/approval-plans';
import { buildEnvelope } from '../../../local/simulator/envelopes';
import { toSqsBatch } from '../../../local/simulator/eventbridge-delivery';
import { deliverLikeSqs } from '../../../local/simulator/sqs-redelivery';
import { clickSlackButton } from '../../../local/slack-click';
import { LOCAL_MEMBER_ACCOUNT } from '../../../local/standins/aws-account';
import { type Harness, startHarness, waitFor } from '../support/local-harness';

// The bundled pipegate.config.yaml lists account B (payments-prod, us-west-2) and not C.
const B = { account: LOCAL_MEMBER_ACCOUNT.id, region: LOCAL_MEMBER_ACCOUNT.region };
const C = { account: '333333333333', region: 'eu-central-1' };
const ROLE_B = `arn:aws:iam::${B.account}:role/pipegate-member`;

// Whole runs through the local stack, STS included: allow for a busy machine (conditions are waited on).

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const clickApprove = async (executionId: string) => {
  const message = await waitFor(() => harness.approvalMessage(executionId));
  const [record] = await harness.approvals.listForExecution(executionId);
  if (!record) throw new Error('no approval recorded');
  return clickSlackButton({
    apiUrl: harness.stack.api.url,
    signingSecret: harness.stack.env.SLACK_SIGNING_SECRET as string,
    userId: 'U0SAM0002',
    actionId: 'pipegate.approve',
    value: JSON.stringify({ e: executionId, a: record.approvalId }),
    channel: message.channel,
    messageTs: message.ts,
  });
};
/** `pipegate <args>` in-process against the harness's table; resolves with what it printed. */
const cli = async (...args: string[]): Promise<string> => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const io = { env: { ...process.env }, out, err: new PassThrough(), now: () => new Date() };
  await buildProgram(io).parseAsync(['node', 'pipegate', ...args]);
  return Buffer.concat(chunks).toString('utf8');
};
const sweep = async () => (await import('../../../functions/sweeper')).handler({}, {} as Context);

describe('one pipegate for many accounts', () => {
  it('notifies a run in account B, us-west-2, and decides its approval in B with B’s role', async () => {
    // Prepare
    const plan = { ...approvalPlan(), pipeline: 'payments-api', ...B };
    const played = harness.play(plan);
    const request = await waitFor(() => harness.approvalMessage(plan.executionId));
    const pending = await cli('pending');

    // Act
    const response = await clickApprove(plan.executionId);
    await played;

    // Assess: the decision reached B's CodePipeline in us-west-2, signed with credentials of B's role.
    expect(response.status).toBe(200);
    const results = harness.stack.codepipeline
      .approvalResults()
      .filter((result) => result.executionId === plan.executionId);
    expect(results).toEqual([
      expect.objectContaining({
        ...B,
        status: 'Approved',
        updatedBy: `arn:aws:sts::${B.account}:assumed-role/pipegate-member/pipegate`,
      }),
    ]);
    const signed = harness.stack.codepipeline
      .signedCalls()
      .filter((call) => JSON.stringify(call.input).includes('payments-api'));
    expect(new Set(signed.map((call) => `${call.account}/${call.region}`))).toEqual(
      new Set([`${B.account}/${B.region}`]),
    );
    expect(signed.map((call) => call.operation)).toEqual(
      expect.arrayContaining(['GetPipeline', 'PutApprovalResult']),
    );
    expect(harness.stack.sts.assumeRoleCalls()).toContainEqual(
      expect.objectContaining({ roleArn: ROLE_B, sessionName: 'pipegate', allowed: true }),
    );
    // The custom data came from B's pipeline definition (GetPipeline in B).
    expect(JSON.stringify(request.blocks)).toContain('Check the canary first');
    const card = harness.stack.slack
      .messages()
      .find((message) => !message.thread_ts && JSON.stringify(message).includes(plan.executionId));
    expect(JSON.stringify(card?.blocks)).toContain('payments-prod');
    expect(JSON.stringify(card?.blocks)).toContain(B.region);
    expect(pending).toContain(`payments-prod (${B.account}) ${B.region}`);
  });

  it('catches up a run in account B whose final event was lost, asking B’s CodePipeline', async () => {
    // Prepare
    const pipeline = `lost-${randomUUID().slice(0, 6)}`;
    const executionId = randomUUID();
    const start = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const member = harness.stack.codepipeline.inAccount(B.account, B.region);
    member.definePipeline({
      name: pipeline,
      stages: [{ name: 'Build', actions: [{ name: 'Build', category: 'Build' }] }],
    });
    member.startExecution(pipeline, executionId, 'Succeeded');
    const base = { pipeline, executionId, executionStartTime: start, time: start, ...B };
    const { handler: ingest } = await import('../../../functions/ingest');
    await deliverLikeSqs(
      ingest,
      toSqsBatch([buildEnvelope({ ...base, level: 'pipeline', state: 'STARTED' })], {
        duplicateShare: 0,
        reorderShare: 0,
      }),
    );

    // Act
    await sweep();

    // Assess
    expect((await harness.stack.history.getSummary(executionId))?.state).toBe('SUCCEEDED');
    expect((await harness.auditOf(executionId)).map((entry) => entry.action)).toContain(
      'execution.reconciled',
    );
    const asked = harness.stack.codepipeline
      .signedCalls('GetPipelineExecution')
      .filter((call) => call.input.pipelineExecutionId === executionId);
    expect(asked).toEqual([expect.objectContaining({ account: B.account, region: B.region })]);
  });

  it('refuses and audits a decision in unconfigured account C, without calling STS or CodePipeline there', async () => {
    // Prepare
    const plan = { ...approvalPlan(), pipeline: 'rogue-api', ...C };
    void harness.play(plan);
    await waitFor(() => harness.approvalMessage(plan.executionId));
    const stsCallsBefore = harness.stack.sts.assumeRoleCalls().length;

    // Act
    const response = await clickApprove(plan.executionId);

    // Assess
    expect(response.status).toBe(200);
    const audit = await waitFor(async () => {
      const entries = await harness.auditOf(plan.executionId);
      return entries.some((entry) => entry.action === 'approval.refused') ? entries : undefined;
    });
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'approval.refused',
        reason: 'ACCOUNT_NOT_CONFIGURED',
        actor: expect.objectContaining({ id: 'sam@example.com' }),
        details: expect.objectContaining({ account: C.account, region: C.region }),
      }),
    );
    expect(harness.stack.sts.assumeRoleCalls()).toHaveLength(stsCallsBefore);
    expect(
      harness.stack.codepipeline
        .signedCalls('PutApprovalResult')
        .filter((call) => call.account === C.account),
    ).toEqual([]);
    expect(
      harness.stack.codepipeline.approvalResults().filter((r) => r.executionId === plan.executionId),
    ).toEqual([]);
    const [record] = await harness.approvals.listForExecution(plan.executionId);
    expect(record?.status).toBe('pending');
    const told = await waitFor(() =>
      harness.stack.slack
        .ephemerals()
        .find((e) => e.user === 'U0SAM0002' && String(e.text).includes(C.account)),
    );
    expect(told.text).toMatch(/not set up to act in this pipeline's AWS account/);
  });
});
