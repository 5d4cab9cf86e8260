import { randomUUID } from 'node:crypto';
import type { ExecutionState } from '../../shared/events/pipeline-event';

/** Everything needed to build one real-shaped CodePipeline EventBridge envelope. */
export interface EnvelopeSpec {
  level: 'pipeline' | 'stage' | 'action';
  pipeline: string;
  executionId: string;
  executionStartTime: string;
  state: ExecutionState;
  time: string;
  account?: string;
  region?: string;
  attempt?: number;
  stage?: string;
  action?: string;
  actionExecutionId?: string;
  category?: string;
  provider?: string;
  trigger?: Record<string, unknown>;
  result?: Record<string, string>;
  stopComments?: string;
}

const DETAIL_TYPE = {
  pipeline: 'CodePipeline Pipeline Execution State Change',
  stage: 'CodePipeline Stage Execution State Change',
  action: 'CodePipeline Action Execution State Change',
} as const;

/** Builds an envelope shaped like the ones EventBridge delivers (see events/ for captured-shape samples). */
export const buildEnvelope = (spec: EnvelopeSpec): Record<string, unknown> => {
  const account = spec.account ?? '123456789012';
  const region = spec.region ?? 'eu-west-1';
  const detail: Record<string, unknown> = {
    pipeline: spec.pipeline,
    'execution-id': spec.executionId,
    'start-time': spec.executionStartTime,
    state: spec.state,
    version: 3.0,
    'pipeline-execution-attempt': spec.attempt ?? 1,
  };
  if (spec.level === 'pipeline') {
    Object.assign(detail, spec.trigger ?? {});
    if (spec.stopComments) detail['stop-execution-comments'] = spec.stopComments;
  }
  if (spec.stage) detail.stage = spec.stage;
  if (spec.level === 'action') {
    Object.assign(detail, {
      action: spec.action,
      'action-execution-id': spec.actionExecutionId,
      region,
      type: {
        owner: 'AWS',
        category: spec.category ?? 'Build',
        provider: spec.provider ?? 'CodeBuild',
        version: '1',
      },
    });
    if (spec.result) detail['execution-result'] = spec.result;
  }
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': DETAIL_TYPE[spec.level],
    source: 'aws.codepipeline',
    account,
    time: spec.time,
    region,
    resources: [`arn:aws:codepipeline:${region}:${account}:${spec.pipeline}`],
    detail,
  };
};
