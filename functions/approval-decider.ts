import middy from '@middy/core';
import { createAwsClients } from '../shared/adapters/aws-clients';
import { type DecisionJob, parseDecisionJob } from '../shared/approvals/decision-job';
import { type DecisionJobOutcome, runDecisionJob } from '../shared/approvals/run-decision-job';
import { PipegateError } from '../shared/errors';
import { createLog, describeError } from '../shared/logging/log';
import { once } from '../shared/runtime/once';
import { createService } from '../shared/runtime/service';

const log = createLog();
const clients = createAwsClients();
const service = once(() => createService(clients, log));

// Invoked asynchronously by slack-interactions with a claimed decision (InvocationType Event: Lambda retries
// a failure twice, then sends the event to the on-failure destination). Talks to CodePipeline, so Slack's
// 3-second budget never depends on it.
const decide = async (event: unknown): Promise<DecisionJobOutcome | { outcome: 'invalid' }> => {
  const deps = await service();
  let job: DecisionJob;
  try {
    job = parseDecisionJob(event);
  } catch (error) {
    if (!(error instanceof PipegateError)) throw error;
    // Retrying cannot fix it: keep it on the record instead of failing three times into the DLQ.
    log.error('decider received something that is not a decision job', describeError(error));
    await deps.ingest.history.recordInvalidInput({
      receivedAt: deps.now().toISOString(),
      reason: error.message,
      issues: Array.isArray(error.details.issues) ? error.details.issues.map(String) : [],
      raw: JSON.stringify(event ?? null).slice(0, 10_000),
      source: 'approval-decider',
    });
    return { outcome: 'invalid' };
  }
  return runDecisionJob(job, { decide: deps.decide, chat: deps.chat, log });
};

export const handler = middy(decide);
