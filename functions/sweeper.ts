import middy from '@middy/core';
import { createAwsClients } from '../shared/adapters/aws-clients';
import { createEmfMetrics } from '../shared/adapters/cloudwatch/emf-metrics';
import { type SweepResult, sweepApprovals } from '../shared/approvals/sweep-approvals';
import { type AnchorResult, anchorClosedDays } from '../shared/audit/chain/anchor-days';
import { type ExecutionSweepResult, sweepExecutions } from '../shared/history/sweep-executions';
import { createLog } from '../shared/logging/log';
import { once } from '../shared/runtime/once';
import { createService } from '../shared/runtime/service';

const log = createLog();
const metrics = createEmfMetrics();
const clients = createAwsClients();
const service = once(() => createService(clients, log, process.env, metrics));

// Scheduled (rate 5 minutes): closes expired approvals and reminds approvers; catches up executions whose
// events were lost (CodePipeline's own status) and puts long-silent ones on the record; writes the audit
// chain's daily anchor once a day is over.
const sweep = async (): Promise<{
  approvals: SweepResult;
  executions: ExecutionSweepResult;
  audit: AnchorResult;
}> => {
  const { sweep: approvalDeps, sweepExecutions: executionDeps, anchorAudit } = await service();
  const result = {
    approvals: await sweepApprovals(approvalDeps),
    executions: await sweepExecutions(executionDeps),
    audit: await anchorClosedDays(anchorAudit),
  };
  // Catch-ups mean events were lost on the way; stuck runs need a human (alarms in infra/resources/alarms.yml).
  if (result.executions.reconciled) metrics.count('SweeperCatchUp', {}, result.executions.reconciled);
  if (result.executions.stuck) metrics.count('StuckRun', {}, result.executions.stuck);
  log.info('sweep finished', {
    ...result.approvals,
    ...result.executions,
    auditAnchored: result.audit.anchored,
  });
  return result;
};

export const handler = middy(sweep);
