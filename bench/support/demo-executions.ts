import { randomUUID } from 'node:crypto';
import type { ExecutionPlan, StagePlan } from '../../local/simulator/execution-script';

const STAGES = ['Source', 'Build', 'Test', 'Deploy'];
/** Five stages: about 20 events a run, as in the audit benchmark's brief (100 000 events / 5 000 runs). */
export const LONG_STAGES = ['Source', 'Build', 'Test', 'Staging', 'Deploy'];

/** A realistic mix of runs without approvals: ~70 % succeed, ~20 % fail in Build, ~10 % are superseded. */
export const benchPlan = (n: number, start: Date, stageNames: readonly string[] = STAGES): ExecutionPlan => {
  const kind = n % 10;
  const stages: StagePlan[] = stageNames.map((name) => ({
    name,
    actions: [
      {
        name,
        category: name === 'Source' ? 'Source' : name === 'Deploy' ? 'Deploy' : 'Build',
        provider: name === 'Source' ? 'CodeStarSourceConnection' : 'CodeBuild',
        ...(name === 'Build' && kind < 2
          ? {
              failure: {
                errorCode: 'JobFailed',
                summary: 'Build terminated with state: FAILED',
                externalUrl: `https://example.com/log/${n}`,
              },
            }
          : {}),
      },
    ],
  }));
  return {
    pipeline: `svc-${n % 20}`,
    executionId: randomUUID(),
    start,
    stages,
    supersededBefore: kind === 9 ? 'Deploy' : undefined,
    trigger: {
      'execution-trigger': {
        'trigger-type': 'StartPipelineExecution',
        'trigger-detail': 'arn:aws:sts::1:assumed-role/Ops/bench',
      },
    },
    stepSeconds: 5,
  };
};
