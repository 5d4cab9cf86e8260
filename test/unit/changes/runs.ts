import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import type { ExecutionState } from '../../../shared/events/pipeline-event';
import { applyEvent } from '../../../shared/history/apply-event';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import { loadExecution } from '../../support/fixtures';

export const SHA = {
  a: '1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  b: '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  c: '3333333ccccccccccccccccccccccccccccccccc',
};

const CONNECTION_URL = (repository: string, commit: string) =>
  `https://eu-west-1.console.aws.amazon.com/codesuite/settings/connections/redirect?connectionArn=arn:aws:codeconnections:eu-west-1:123456789012:connection/6a0e3c1d&referenceType=COMMIT&FullRepositoryId=${repository}&Commit=${commit}`;

/**
 * A run of `prod-api` shaped like the recorded fixture (its events replayed), with its own id, start time,
 * source commit and outcome: stages up to and including `upTo` succeeded; `failedIn` failed; `state` overall.
 */
export const run = (input: {
  id: string;
  start: string;
  commit?: string;
  state?: ExecutionState;
  passed?: string[];
  failedIn?: string;
  repository?: string;
}): ExecutionSummary => {
  const envelopes = loadExecution('prod-api-success').slice(0, 5);
  let summary: ExecutionSummary | undefined;
  for (const envelope of envelopes) summary = applyEvent(summary, parsePipelineEvent(envelope)).summary;
  const base = summary as ExecutionSummary;
  const source = base.actions['Source/Source'];
  const stages: ExecutionSummary['stages'] = {};
  for (const [index, name] of (input.passed ?? ['Source']).entries()) {
    stages[name] = {
      name,
      state: 'SUCCEEDED',
      attempt: 1,
      firstSeenAt: `${input.start}${index}`,
      updatedAt: input.start,
    };
  }
  if (input.failedIn) {
    stages[input.failedIn] = {
      name: input.failedIn,
      state: 'FAILED',
      attempt: 1,
      firstSeenAt: `${input.start}9`,
      updatedAt: input.start,
    };
  }
  return {
    ...base,
    executionId: input.id,
    startTime: input.start,
    state: input.state,
    stages,
    actions:
      input.commit && source
        ? {
            'Source/Source': {
              ...source,
              result: {
                externalId: input.commit,
                summary: JSON.stringify({
                  ProviderType: 'GitHub',
                  CommitMessage: `Commit ${input.commit.slice(0, 7)}\n\nbody`,
                }),
                externalUrl: CONNECTION_URL(input.repository ?? 'acme/prod-api', input.commit),
              },
            },
          }
        : {},
  };
};
