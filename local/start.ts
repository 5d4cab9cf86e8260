import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConsoleFeed } from './console-feed';
import { routeEmfLines } from './emf-to-file';
import { shippedPlan } from './simulator/change-plans';
import { definePipelines, standInApprovalGate } from './simulator/codepipeline-gate';
import { buildEnvelope } from './simulator/envelopes';
import { toSqsBatch } from './simulator/eventbridge-delivery';
import { scriptExecution } from './simulator/execution-script';
import { demoPlans } from './simulator/plans';
import { startSimulator } from './simulator/run-simulator';
import { deliverLikeSqs } from './simulator/sqs-redelivery';
import { type LocalStack, startLocalStack } from './stack';
import { localDataDir, removeStackState, stackStatePath, writeStackState } from './stack-state';
import { checkConfig, checkNoRunningStack, checkPortFree, StartRefused } from './start-checks';
import { createWebHandler } from './web/web-handler';

// `npm start`: the whole service on this machine, no AWS account or Slack workspace needed.
const main = async (): Promise<void> => {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const pipelines = demoPlans(new Date(), 0).map((plan) => plan.pipeline);
  let running: LocalStack | undefined;
  const localData = localDataDir(process.env, join(__dirname, '..'));
  const statePath = stackStatePath(localData);
  const dataDir = join(localData, 'dynalite');
  const apiPort = Number(process.env.PORT ?? 3000);
  // Everything that can refuse the start is checked before anything is wiped or started.
  checkConfig(process.env);
  checkNoRunningStack(statePath, localData);
  await checkPortFree(apiPort);
  // Stand-ins (Slack, CodePipeline) start empty, so by default history starts empty too: a leftover
  // pending approval could never be decided. PIPEGATE_KEEP_DATA=1 keeps history across restarts.
  if (process.env.PIPEGATE_KEEP_DATA !== '1') rmSync(dataDir, { recursive: true, force: true });
  const stack = await startLocalStack({
    dataDir,
    apiPort,
    fallback: createWebHandler({ stack: () => running, pipelines: () => pipelines }),
  });
  running = stack;
  mkdirSync(localData, { recursive: true });
  // The functions' metric lines (EMF, one per value) would bury the feed below; they go to a file instead.
  const metricsLog = join(localData, 'metrics.log');
  routeEmfLines(process.stdout, metricsLog);
  writeStackState(statePath, {
    pid: process.pid,
    webUrl: stack.api.url,
    dynamodbEndpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
    table: stack.env.PIPEGATE_TABLE ?? 'pipegate-local',
    startedAt: new Date().toISOString(),
  });
  // For `npx osls invoke local` in another shell: `set -a; . .local-data/local-stack.env; set +a` (events/README.md).
  const envFile = join(localData, 'local-stack.env');
  writeFileSync(
    envFile,
    `${Object.entries(stack.env)
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      .join('\n')}\n`,
  );
  // Imported after the environment points at the local stack, exactly as Lambda would load it.
  const { handler: ingest } = await import('../functions/ingest');
  definePipelines(stack.codepipeline, demoPlans(new Date(), 0));
  // The release prod-api shipped an hour ago, delivered at once: the approval's change summary compares with it.
  const shipped = await scriptExecution(shippedPlan(new Date(Date.now() - 3_600_000)));
  const shippedAt = Date.now() - 3_000_000;
  await deliverLikeSqs(
    ingest,
    toSqsBatch(
      shipped.map((spec, i) =>
        buildEnvelope({ ...spec, time: new Date(shippedAt + i * 1_000).toISOString() }),
      ),
    ),
  );

  const feed = createConsoleFeed(stack.slack, stack.sns, (line) => console.log(line));
  const feedTimer = setInterval(feed, 500);
  const simulator = startSimulator({
    plans: demoPlans,
    gate: standInApprovalGate(stack.codepipeline),
    paceMs: Number(process.env.PIPEGATE_SIM_PACE_MS ?? 1_500),
    roundEveryMs: Number(process.env.PIPEGATE_SIM_ROUND_MS ?? 120_000),
    deliver: async (envelopes) => {
      await deliverLikeSqs(ingest, toSqsBatch(envelopes));
    },
    onError: (error) => console.error('simulator:', error),
  });

  console.log(`pipegate local stack is up — no AWS account or Slack workspace involved
  Web page            ${stack.api.url}   (open it: executions, approvals, Slack, emails, audit)
  DynamoDB (dynalite) ${stack.env.AWS_ENDPOINT_URL_DYNAMODB}  table ${stack.env.PIPEGATE_TABLE}
  Slack stand-in      ${stack.slack.url}   SNS stand-in ${stack.sns.url}   CodePipeline stand-in ${stack.codepipeline.url}
  Simulated runs of prod-api, prod-web and staging-worker play below; prod-api waits for approval.
  Approve it from the web page (email link or Slack button), or: npx pipegate pending
  (the CLI finds this stack by itself through ${statePath})
  Metrics the functions emit (CloudWatch EMF lines): ${metricsLog}
  Invoke a function on a sample event: set -a; . .local-data/local-stack.env; set +a
                                       npx osls invoke local -f ingest -p events/codepipeline/pipeline-started-git.json
  Ctrl-C stops everything.
`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    simulator.stop();
    clearInterval(feedTimer);
    removeStackState(statePath, process.pid);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error) => {
  // A refused start is the user's to fix: the message says how, a stack trace would only bury it.
  console.error(error instanceof StartRefused ? `npm start: ${error.message}` : error);
  process.exit(1);
});
