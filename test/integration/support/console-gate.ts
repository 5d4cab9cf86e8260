import type { ApprovalGate } from '../../../local/simulator/execution-script';
import type { CodePipelineStandIn } from '../../../local/standins/codepipeline';

/**
 * A gate decided in the CodePipeline console: the action waits on the stand-in like any approval, and
 * `decideInConsole` completes it there (no PutApprovalResult), so the run goes on with the action's own
 * final event, as CodePipeline emits it.
 */
export const consoleGate = (
  codepipeline: CodePipelineStandIn,
): { gate: ApprovalGate; decideInConsole(decision: 'Approved' | 'Rejected'): void } => {
  let decide: ((decision: 'Approved' | 'Rejected') => void) | undefined;
  const gate: ApprovalGate = (approval) =>
    new Promise((resolve) => {
      codepipeline.startApprovalWait({ ...approval, tokenLagCalls: 1 });
      decide = (decision) => {
        codepipeline.completeOutside(approval.pipeline, approval.stage, approval.action, decision);
        resolve({ status: decision, summary: `${decision} in the console` });
      };
    });
  return {
    gate,
    decideInConsole: (decision) => {
      if (!decide) throw new Error('the approval is not waiting yet');
      decide(decision);
    },
  };
};
