import middy from '@middy/core';
import { createAwsClients } from '../shared/adapters/aws-clients';
import { type SweepResult, sweepApprovals } from '../shared/approvals/sweep-approvals';
import { createLog } from '../shared/logging/log';
import { once } from '../shared/runtime/once';
import { createService } from '../shared/runtime/service';

const log = createLog();
const clients = createAwsClients();
const service = once(() => createService(clients, log));

// Scheduled (rate 5 minutes): closes expired approvals, reconciles them with CodePipeline, sends reminders.
const sweep = async (): Promise<SweepResult> => {
  const result = await sweepApprovals((await service()).sweep);
  log.info('sweep finished', { ...result });
  return result;
};

export const handler = middy(sweep);
