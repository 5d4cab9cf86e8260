import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatInTimeZone } from 'date-fns-tz';
import {
  createCodePipelineClient,
  createDynamoDbClient,
  createSnsClient,
} from '../../../shared/adapters/aws-clients';
import { createSsmParameterSource } from '../../../shared/adapters/ssm/ssm-parameters';
import { createLog } from '../../../shared/logging/log';
import { sweepApprovals } from '../../../shared/notify/sweep-approvals';
import { createSweeperWiring } from '../../../shared/wiring/sweeper-wiring';
import { type Harness, startHarness, waitFor } from '../support/local-harness';
import { approvalOnlyPlan } from './approval-plans';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const MINUTE_MS = 60_000;
const local = (at: Date): string => formatInTimeZone(at, 'UTC', "yyyy-MM-dd'T'HH:mm");

/**
 * The repository's config plus a freeze on one pipeline from 10 to 40 minutes after `from`: not in force
 * when the request is posted, in force at the second sweep, over by the last. (Short, so the sweeps on this
 * clock expire no other test's approval: theirs live two hours at least.)
 */
const configWithLateFreeze = (pipeline: string, from: Date): string => {
  const text = readFileSync('pipegate.config.yaml', 'utf8').replace(
    /^freezes:\n/m,
    `freezes:
  - name: late freeze
    match: { pipelines: ["${pipeline}"] }
    timeZone: UTC
    start: "${local(new Date(from.getTime() + 10 * MINUTE_MS))}"
    end: "${local(new Date(from.getTime() + 40 * MINUTE_MS))}"
    breakGlass: { slack: { users: [U0JANE001] } }
`,
  );
  const path = join(mkdtempSync(join(tmpdir(), 'pipegate-freeze-')), 'pipegate.config.yaml');
  writeFileSync(path, text);
  return path;
};

/** The sweeper's own wiring over the local stand-ins (real SDK clients), on a clock the test sets. */
const sweepAt = async (at: Date, configPath: string) => {
  const wiring = createSweeperWiring({
    dynamodb: createDynamoDbClient(),
    sns: createSnsClient(),
    codepipeline: createCodePipelineClient(),
    parameters: createSsmParameterSource(),
    log: createLog(),
    environment: { ...process.env, PIPEGATE_CONFIG: configPath },
    now: () => at,
  });
  const deps = await wiring();
  if (!deps) throw new Error('the sweeper wiring is missing a secret');
  return sweepApprovals(deps.approvals);
};

describe('a change freeze that begins after the request was posted', () => {
  it('is added to the Slack request by the next sweep, once, and taken off when it ends', async () => {
    // Prepare: a request posted now, with a freeze on its pipeline starting in ten minutes
    const posted = new Date();
    const plan = { ...approvalOnlyPlan(), pipeline: `prod-late-${randomUUID().slice(0, 8)}` };
    const configPath = configWithLateFreeze(plan.pipeline, posted);
    void harness.play(plan);
    await waitFor(() => harness.approvalMessage(plan.executionId));
    const record = await waitFor(async () => {
      const [found] = await harness.approvals.listForExecution(plan.executionId);
      return found && found.slackMessages.length > 0 ? found : undefined;
    });
    const ts = record.slackMessages[0]?.ts;
    const updatesOfRequest = () =>
      harness.stack.slack.calls('chat.update').filter((call) => call.args.ts === ts);
    const shown = () => JSON.stringify(harness.stack.slack.messages().find((m) => m.ts === ts)?.blocks);
    expect(record.shownFreezes).toBe('');
    expect(shown()).not.toContain('late freeze');

    // Act
    await sweepAt(new Date(posted.getTime() + 5 * MINUTE_MS), configPath);
    const beforeFreeze = updatesOfRequest().length;
    await sweepAt(new Date(posted.getTime() + 20 * MINUTE_MS), configPath);
    const inFreeze = shown();
    await sweepAt(new Date(posted.getTime() + 25 * MINUTE_MS), configPath);
    const updatesInFreeze = updatesOfRequest().length;
    await sweepAt(new Date(posted.getTime() + 60 * MINUTE_MS), configPath);

    // Assess: one re-render when the freeze began, none while it held, one when it ended
    expect(beforeFreeze).toBe(0);
    expect(inFreeze).toContain('Change freeze *late freeze*');
    expect(updatesInFreeze).toBe(1);
    expect(updatesOfRequest()).toHaveLength(2);
    expect(shown()).not.toContain('late freeze');
    expect(shown()).toContain('pipegate.approve');
    const [stored] = await harness.approvals.listForExecution(plan.executionId);
    expect(stored).toMatchObject({ status: 'pending', shownFreezes: '' });
  });
});
