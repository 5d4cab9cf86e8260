import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type RunningDynalite, startDynalite } from '../../local/dynamodb/start-dynalite';
import { changeApprovalPlan, DEMO_COMMITS, shippedPlan } from '../../local/simulator/change-plans';
import type { LocalStack } from '../../local/stack';
import { createWebHandler } from '../../local/web/web-handler';
import { approvalPlan, frozenApprovalPlan } from '../integration/approvals/approval-plans';
import { type Harness, startHarness, waitFor } from '../integration/support/local-harness';

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
const required = process.env.PIPEGATE_REQUIRE_BROWSER === '1';
const OUTPUT = join(__dirname, '..', '..', 'test-output');

let dynalite: RunningDynalite;
let harness: Harness;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!hasBrowser) return;
  dynalite = await startDynalite();
  let stack: LocalStack | undefined;
  harness = await startHarness({
    dynamoEndpoint: dynalite.endpoint,
    fallback: createWebHandler({ stack: () => stack, pipelines: () => ['prod-api', 'prod-db'] }),
  });
  stack = harness.stack;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
  await dynalite?.close();
});

/** True when the test may go on; says why when Chromium is missing (and fails when CI requires it). */
const browserReady = (): boolean => {
  if (hasBrowser) return true;
  if (required)
    throw new Error(`PIPEGATE_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install chromium)`);
  console.warn(`SKIPPED browser test: ${CHROMIUM} not installed (apt-get install chromium; CI installs it)`);
  return false;
};

describe('the local web page in Chromium', () => {
  it('lists the simulated run, and an approval clicked there moves the pipeline on', async () => {
    if (!browserReady()) return;
    // Prepare: a release that shipped, then the head commit waiting for approval (a change summary to show).
    await harness.play(shippedPlan(new Date(Date.now() - 30 * 60_000)));
    const plan = changeApprovalPlan();
    const played = harness.play(plan);
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(harness.stack.api.url);

    // Act
    const approve = page.locator('button[data-user="U0SAM0002"][data-action="pipegate.approve"]');
    await approve.waitFor({ timeout: 20_000 });
    expect(await page.locator('#executions').textContent()).toContain('prod-api');
    // The request shows what ships: a compare link to GitHub and the commits since the shipped release.
    const compare = page.getByRole('link', { name: 'Compare on GitHub' }).first();
    await compare.waitFor({ timeout: 10_000 });
    expect(await compare.getAttribute('href')).toContain(
      `/compare/${DEMO_COMMITS[0]?.sha}...${DEMO_COMMITS[DEMO_COMMITS.length - 1]?.sha}`,
    );
    await page.getByText('Log the retry budget per client').first().waitFor({ timeout: 10_000 });
    await approve.click();
    await played;

    // Assess
    await expect(
      waitFor(
        () => harness.stack.codepipeline.approvalResults().find((r) => r.executionId === plan.executionId),
        15_000,
      ),
    ).resolves.toBeDefined();
    await page
      .locator(`#executions tr[data-execution="${plan.executionId}"] .state-SUCCEEDED`)
      .waitFor({ timeout: 15_000 });
    await page.locator('#audit').getByText('approval.decided').first().waitFor({ timeout: 10_000 });
    await page.locator(`#executions tr[data-execution="${plan.executionId}"]`).click();
    await page
      .locator('#timeline')
      .getByText(/approval\.decided ok Approved — Sam Lee via slack/)
      .waitFor({ timeout: 10_000 });
    // The delivery charts (Chart.js from node_modules) show the finished run, read from GET /audit/metrics.
    // Evaluated in the page (a string: this file is compiled without the DOM types).
    await page.waitForFunction(
      `['chart-deployments', 'chart-lead-time', 'chart-stages'].every((id) => {
        const canvas = document.getElementById(id);
        return canvas && window.Chart && window.Chart.getChart(canvas) && Number(canvas.dataset.points) > 0;
      })`,
      undefined,
      { timeout: 20_000 },
    );
    expect(await page.locator('#metrics-summary').textContent()).toMatch(
      /^[1-9]\d* production deployments in 15 days/,
    );
    const stageBars = await page.locator('#chart-stages').getAttribute('data-points');
    expect(Number(stageBars)).toBeGreaterThanOrEqual(2);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'web-page.png'), fullPage: true });
  }, 90_000);

  it('decides nothing when the Reject prompt is cancelled, shows refusals as refusals, keeps a confirmation', async () => {
    if (!browserReady()) return;
    // Prepare
    const plan = approvalPlan();
    const played = harness.play(plan);
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(harness.stack.api.url);
    const card = page.locator(`.card[data-approval][data-execution="${plan.executionId}"]`);
    const as = (user: string, action: string) =>
      card.locator(`button[data-user="${user}"][data-action="${action}"]`);
    await as('U0SAM0002', 'pipegate.reject').waitFor({ timeout: 20_000 });

    // Act: Sam opens the Reject prompt and cancels it
    page.once('dialog', (dialog) => void dialog.dismiss());
    await as('U0SAM0002', 'pipegate.reject').click();

    // Assess: nothing decided, nothing sent to CodePipeline, nothing audited as a decision
    await card.locator('.notice.info').getByText('cancelled the Reject dialog').waitFor({ timeout: 10_000 });
    expect(harness.stack.codepipeline.approvalResults().some((r) => r.executionId === plan.executionId)).toBe(
      false,
    );
    const audit = (await harness.auditOf(plan.executionId)) as { action: string }[];
    expect(audit.map((entry) => entry.action)).not.toContain('approval.decided');
    await expect(card.getAttribute('data-approval')).resolves.toBeTruthy();

    // Act: Alex, who may not approve, clicks Approve
    await as('U0ALEX003', 'pipegate.approve').click();

    // Assess: shown as a refusal
    await card
      .locator('.notice.refused')
      .getByText(/^Refused — Slack told Alex/)
      .waitFor({ timeout: 10_000 });

    // Act: Sam approves
    await as('U0SAM0002', 'pipegate.approve').click();
    await played;

    // Assess: the decision stays in view as a confirmation naming the run
    const confirmation = page.locator(`.card.decided[data-execution="${plan.executionId}"]`);
    await confirmation.getByText('Sam approved it in Slack.').waitFor({ timeout: 15_000 });
    await expect(confirmation.textContent()).resolves.toContain(`run ${plan.executionId.slice(0, 8)}`);
    // The Slack panel draws Block Kit: mrkdwn styles, and no raw mention syntax or placeholder names.
    const slack = (await page.locator('#slack').textContent()) ?? '';
    expect(slack).not.toMatch(/<!subteam|<@U|@group|\*prod-api\*/);
    await expect(page.locator('#slack .sk-section b').first().textContent()).resolves.toBeTruthy();
  }, 90_000);

  it('shows a required: 2 approval counting up to its quorum', async () => {
    if (!browserReady()) return;
    // Prepare: prod-db needs two approvers (pipegate.config.yaml)
    const plan = { ...approvalPlan(), pipeline: 'prod-db' };
    const played = harness.play(plan);
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(harness.stack.api.url);
    const card = page.locator(`.card[data-approval][data-execution="${plan.executionId}"]`);
    const as = (user: string) => card.locator(`button[data-user="${user}"][data-action="pipegate.approve"]`);
    await card.locator('.quorum').getByText('Needs 2 approvers: 0 of 2').waitFor({ timeout: 20_000 });

    // Act: Jane approves
    await as('U0JANE001').click();

    // Assess: counted, not decided; the card and the Slack panel say who and how many
    await card
      .locator('.notice.info')
      .getByText('Your approval counts: 1 of 2 — approved by Jane Doe · waiting for one more')
      .waitFor({ timeout: 10_000 });
    await card
      .locator('.quorum')
      .getByText('1 of 2 — approved by Jane Doe · waiting for one more')
      .waitFor({ timeout: 10_000 });
    expect(harness.stack.codepipeline.approvalResults().some((r) => r.executionId === plan.executionId)).toBe(
      false,
    );

    // Act: Sam approves
    await as('U0SAM0002').click();
    await played;

    // Assess
    const confirmation = page.locator(`.card.decided[data-execution="${plan.executionId}"]`);
    await confirmation.getByText('Sam approved it in Slack.').waitFor({ timeout: 15_000 });
    expect(
      harness.stack.codepipeline.approvalResults().filter((r) => r.executionId === plan.executionId),
    ).toHaveLength(1);
  }, 90_000);
  it('shows a change freeze on the card: Sam is refused, Jane breaks it with a reason', async () => {
    if (!browserReady()) return;
    // Prepare: frozen-checkout is held by the shipped config's "local demo freeze"; Jane may break it
    const plan = frozenApprovalPlan();
    const played = harness.play(plan);
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(harness.stack.api.url);
    const card = page.locator(`.card[data-approval][data-execution="${plan.executionId}"]`);
    const as = (user: string) => card.locator(`button[data-user="${user}"][data-action="pipegate.approve"]`);
    await card
      .locator('.notice.freeze')
      .getByText('A change freeze holds this approval')
      .waitFor({ timeout: 20_000 });

    // Act: Sam, an approver but not allowed to break the freeze, gives a reason anyway
    page.once('dialog', (dialog) => void dialog.accept('the fix must ship'));
    await as('U0SAM0002').click();

    // Assess: refused, as a refusal, and nothing sent to CodePipeline
    await card
      .locator('.notice.refused')
      .getByText(/Refused/)
      .waitFor({ timeout: 10_000 });
    expect(harness.stack.codepipeline.approvalResults().some((r) => r.executionId === plan.executionId)).toBe(
      false,
    );

    // Act: Jane breaks the freeze with a reason
    page.once('dialog', (dialog) => void dialog.accept('hotfix for the checkout outage'));
    await as('U0JANE001').click();
    await played;

    // Assess: one decision, and the break-glass is on record
    await page
      .locator(`.card.decided[data-execution="${plan.executionId}"]`)
      .getByText(/broke the change freeze and approved it/)
      .waitFor({ timeout: 15_000 });
    await waitFor(
      () =>
        harness.stack.codepipeline
          .approvalResults()
          .find((r) => r.executionId === plan.executionId && r.status === 'Approved'),
      15_000,
    );
    expect(
      harness.stack.codepipeline.approvalResults().filter((r) => r.executionId === plan.executionId),
    ).toHaveLength(1);
    const audit = await waitFor(async () => {
      const entries = await harness.auditOf(plan.executionId);
      return entries.some((entry) => entry.action === 'approval.break-glass') ? entries : undefined;
    }, 15_000);
    expect(audit.map((entry) => entry.action)).toContain('approval.break-glass');
  }, 90_000);
});
