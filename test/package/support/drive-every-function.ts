import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { approvalOnlyPlan, approvalPlan } from '../../../local/simulator/approval-plans';
import { buildEnvelope } from '../../../local/simulator/envelopes';
import { toSqsBatch } from '../../../local/simulator/eventbridge-delivery';
import { deliverLikeSqs } from '../../../local/simulator/sqs-redelivery';
import { clickSlackButton } from '../../../local/slack-click';
import { type SsmStandIn, startSsmStandIn } from '../../../local/standins/ssm';
import { type Harness, startHarness, waitFor } from '../../integration/support/local-harness';

/** The parameter names serverless.yml gives `--stage dev` (params.default in serverless.yml). */
export const DEV_SECRET_PARAMETERS = {
  SLACK_BOT_TOKEN: '/pipegate/dev/slack-bot-token',
  SLACK_SIGNING_SECRET: '/pipegate/dev/slack-signing-secret',
  PIPEGATE_LINK_KEYS: '/pipegate/dev/link-keys',
} as const;

/**
 * Moves the local stack's secrets into an SSM stand-in under the deployed parameter names, so functions
 * resolve them the way they do in AWS (GetParameter with decryption) rather than from plain variables.
 */
const secretsFromSsm = async (harness: Harness): Promise<SsmStandIn> => {
  const ssm = await startSsmStandIn();
  for (const [variable, parameter] of Object.entries(DEV_SECRET_PARAMETERS)) {
    ssm.put(parameter, harness.stack.env[variable] ?? '');
    delete process.env[variable];
    process.env[`${variable}_PARAMETER`] = parameter;
  }
  process.env.AWS_ENDPOINT_URL_SSM = ssm.url;
  return ssm;
};

const approveInSlack = async (harness: Harness): Promise<void> => {
  const plan = approvalPlan();
  const played = harness.play(plan);
  const message = await waitFor(() => harness.approvalMessage(plan.executionId));
  const [record] = await waitFor(async () => {
    const records = await harness.approvals.listForExecution(plan.executionId);
    return records.length > 0 ? records : undefined;
  });
  const response = await clickSlackButton({
    apiUrl: harness.stack.api.url,
    signingSecret: harness.stack.env.SLACK_SIGNING_SECRET as string,
    userId: 'U0SAM0002',
    actionId: 'pipegate.approve',
    value: JSON.stringify({ e: plan.executionId, a: record?.approvalId ?? '' }),
    channel: message.channel,
    messageTs: message.ts,
  });
  if (response.status !== 200) throw new Error(`Slack click answered ${response.status}`);
  await played;
};

const approveByEmailLink = async (harness: Harness): Promise<void> => {
  const plan = approvalPlan();
  const played = harness.play(plan);
  const link = await waitFor(() => {
    const mail = harness.stack.sns
      .emails('sam@example.com')
      .find((email) => email.body.includes(plan.executionId.slice(0, 6)));
    return mail?.body.match(/https?:\/\/\S+\/approvals\/link\?t=\S+/)?.[0];
  });
  const page = await fetch(link);
  const token = new URL(link).searchParams.get('t') ?? '';
  const decision = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token, decision: 'approve' }).toString(),
  });
  if (page.status !== 200 || decision.status !== 200)
    throw new Error(`approval link answered GET ${page.status}, POST ${decision.status}`);
  await played;
};

const readAudit = async (harness: Harness): Promise<void> => {
  const since = new Date(Date.now() - 3_600_000).toISOString();
  // `executions` of the pipeline the approval runs above played (prod-api), so its summaries are read too.
  for (const path of [
    'executions?pipeline=prod-api&',
    'approvals?',
    'failures?',
    'pending?',
    'entries?',
    'export?',
  ]) {
    const response = await fetch(`${harness.stack.api.url}/audit/${path}from=${encodeURIComponent(since)}`);
    // Any answer will do (the audit tests check them); a 5xx means the function could not run.
    if (response.status >= 500) throw new Error(`GET /audit/${path} answered ${response.status}`);
  }
};

/** A run whose events stopped two hours ago although CodePipeline says it succeeded: the sweeper's to catch up. */
const runWithLostEvents = async (harness: Harness): Promise<void> => {
  const pipeline = `lost-${randomUUID().slice(0, 6)}`;
  const executionId = randomUUID();
  const start = new Date(Date.now() - 2 * 3_600_000).toISOString();
  harness.stack.codepipeline.definePipeline({
    name: pipeline,
    stages: [{ name: 'Build', actions: [{ name: 'Build', category: 'Build' }] }],
  });
  harness.stack.codepipeline.startExecution(pipeline, executionId, 'Succeeded');
  const { handler: ingest } = await import('../../../functions/ingest');
  const base = { pipeline, executionId, executionStartTime: start, time: start };
  const envelopes = [buildEnvelope({ ...base, level: 'pipeline', state: 'STARTED' })];
  await deliverLikeSqs(ingest, toSqsBatch(envelopes, { duplicateShare: 0, reorderShare: 0 }));
};

/** Sweeps while one approval is past its expiry (asking CodePipeline about it) and one run lost its last events. */
const sweepWithWork = async (harness: Harness): Promise<void> => {
  const plan = approvalOnlyPlan();
  void harness.play(plan);
  const record = await waitFor(async () => {
    const [found] = await harness.approvals.listForExecution(plan.executionId);
    return found && found.slackMessages.length > 0 ? found : undefined;
  });
  // As a short policy expiry would have set it.
  const expiresAt = new Date(Date.now() - 60_000).toISOString();
  if ((await harness.approvals.update({ ...record, expiresAt })) === 'conflict') {
    throw new Error('the approval changed while its expiry was being moved');
  }
  await runWithLostEvents(harness);
  const { handler: sweep } = await import('../../../functions/sweeper');
  const result = await sweep({}, {} as Context);
  const didWork =
    'executions' in result &&
    result.executions.reconciled > 0 &&
    result.approvals.expired + result.approvals.reconciled > 0;
  if (!didWork) throw new Error(`the sweep had nothing to do: ${JSON.stringify(result)}`);
};

/**
 * Drives every function through the local stack as a user would — ingest of full runs with approvals, a
 * Slack click, an e-mail link GET then POST, the audit API and a sweep with work to do — with secrets read
 * from SSM.
 * The AWS calls they make are recorded by the jest wiring (test/aws-calls/record-in-jest.ts).
 */
export const driveEveryFunction = async (): Promise<void> => {
  const harness = await startHarness();
  const ssm = await secretsFromSsm(harness);
  try {
    await approveInSlack(harness);
    await approveByEmailLink(harness);
    await readAudit(harness);
    await sweepWithWork(harness);
  } finally {
    await harness.stop();
    await ssm.close();
  }
};
