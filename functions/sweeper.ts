import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import {
  createCodePipelineClient,
  createDynamoDbClient,
  createSnsClient,
} from '../shared/adapters/aws-clients';
import { createEmfMetrics } from '../shared/adapters/cloudwatch/emf-metrics';
import { createSsmParameterSource } from '../shared/adapters/ssm/ssm-parameters';
import { type AnchorResult, anchorClosedDays } from '../shared/audit/chain/anchor-days';
import { type ExecutionSweepResult, sweepExecutions } from '../shared/catch-up/sweep-executions';
import { createLog } from '../shared/logging/log';
import { noticeSlowStages, type SlowStageResult } from '../shared/metrics/notice-slow-stages';
import { type SweepResult, sweepApprovals } from '../shared/notify/sweep-approvals';
import { createSweeperWiring } from '../shared/wiring/sweeper-wiring';

const log = createLog();
const metrics = createEmfMetrics();
const wiring = createSweeperWiring({
  dynamodb: createDynamoDbClient(),
  sns: createSnsClient(),
  codepipeline: createCodePipelineClient(),
  parameters: createSsmParameterSource(),
  log,
  metrics,
});

type SweepOutcome =
  | {
      approvals: SweepResult;
      executions: ExecutionSweepResult;
      audit: AnchorResult;
      slowStages: SlowStageResult;
    }
  | { skipped: 'missing secret' };

// Scheduled (rate 5 minutes): closes expired approvals and reminds approvers; catches up executions whose
// events were lost (CodePipeline's own status) and puts long-silent ones on the record; writes the audit
// chain's daily anchor once a day is over; notes running stages much slower than usual in their threads.
const sweep = async (): Promise<SweepOutcome> => {
  const deps = await wiring();
  // The wiring has logged which parameter is missing; a throw would only add Lambda's retries.
  if (!deps) return { skipped: 'missing secret' };
  const result = {
    approvals: await sweepApprovals(deps.approvals),
    executions: await sweepExecutions(deps.executions),
    audit: await anchorClosedDays(deps.anchorAudit),
    slowStages: await noticeSlowStages(deps.slowStages),
  };
  // Catch-ups mean events were lost on the way; stuck runs need a human (alarms in infra/resources/alarms.yml).
  if (result.executions.reconciled) metrics.count('SweeperCatchUp', {}, result.executions.reconciled);
  if (result.executions.stuck) metrics.count('StuckRun', {}, result.executions.stuck);
  log.info('sweep finished', {
    ...result.approvals,
    ...result.executions,
    auditAnchored: result.audit.anchored,
    slowStagesNoticed: result.slowStages.noticed,
  });
  return result;
};

export const handler = middy(sweep).use(injectLambdaContext(log.logger));
