import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { describeExecution } from './console-report';
import { toSqsBatch } from './simulator/eventbridge-delivery';
import { demoPlans } from './simulator/plans';
import { startSimulator } from './simulator/run-simulator';
import { startLocalStack } from './stack';

// `npm start`: the whole service on this machine, no AWS account or Slack workspace needed.
const main = async (): Promise<void> => {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const stack = await startLocalStack({ dataDir: join(__dirname, '..', '.local-data', 'dynalite') });
  // Imported after the environment points at the local stack, exactly as Lambda would load it.
  const { handler: ingest } = await import('../functions/ingest');

  const lastLine = new Map<string, string>();
  const report = async (executionIds: Set<string>): Promise<void> => {
    for (const executionId of executionIds) {
      const summary = await stack.history.getSummary(executionId);
      if (!summary) continue;
      const line = describeExecution(summary);
      if (lastLine.get(executionId) !== line) console.log(line);
      lastLine.set(executionId, line);
    }
  };

  const simulator = startSimulator({
    plans: demoPlans,
    paceMs: Number(process.env.PIPEGATE_SIM_PACE_MS ?? 1_500),
    roundEveryMs: Number(process.env.PIPEGATE_SIM_ROUND_MS ?? 90_000),
    deliver: async (envelopes) => {
      await ingest(toSqsBatch(envelopes), {} as Context);
      await report(
        new Set(envelopes.map((e) => String((e.detail as Record<string, unknown>)['execution-id']))),
      );
    },
    onError: (error) => console.error('simulator:', error),
  });

  console.log(`pipegate local stack is up
  DynamoDB (dynalite)  ${stack.env.AWS_ENDPOINT_URL_DYNAMODB}  table ${stack.env.PIPEGATE_TABLE}
  Simulated pipelines play below (each change once, even when delivered twice or out of order).
  Ctrl-C stops everything.
`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    simulator.stop();
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
