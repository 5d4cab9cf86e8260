import middy from '@middy/core';
import {
  createCodePipelineClient,
  createDynamoDbClient,
  createSnsClient,
} from '../shared/adapters/aws-clients';
import { createSsmParameterSource } from '../shared/adapters/ssm/ssm-parameters';
import { type SweepResult, sweepApprovals } from '../shared/approvals/sweep-approvals';
import { type ExecutionSweepResult, sweepExecutions } from '../shared/history/sweep-executions';
import { createLog } from '../shared/logging/log';
import { createSweeperWiring } from '../shared/wiring/sweeper-wiring';

const log = createLog();
const wiring = createSweeperWiring({
  dynamodb: createDynamoDbClient(),
  sns: createSnsClient(),
  codepipeline: createCodePipelineClient(),
  parameters: createSsmParameterSource(),
  log,
});

type SweepOutcome =
  | { approvals: SweepResult; executions: ExecutionSweepResult }
  | { skipped: 'missing secret' };

// Scheduled (rate 5 minutes): closes expired approvals and reminds approvers; catches up executions whose
// events were lost (CodePipeline's own status) and puts long-silent ones on the record.
const sweep = async (): Promise<SweepOutcome> => {
  const deps = await wiring();
  // The wiring has logged which parameter is missing; a throw would only add Lambda's retries.
  if (!deps) return { skipped: 'missing secret' };
  const result = {
    approvals: await sweepApprovals(deps.approvals),
    executions: await sweepExecutions(deps.executions),
  };
  log.info('sweep finished', { ...result.approvals, ...result.executions });
  return result;
};

export const handler = middy(sweep);
