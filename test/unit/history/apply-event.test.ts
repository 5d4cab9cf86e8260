import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import { applyEvent } from '../../../shared/history/apply-event';
import type { ExecutionSummary } from '../../../shared/history/execution-summary';
import { orderedStages } from '../../../shared/history/execution-summary';
import { loadExecution, loadFixture, shuffled } from '../../support/fixtures';

const replay = (envelopes: Record<string, unknown>[]): ExecutionSummary | undefined => {
  let summary: ExecutionSummary | undefined;
  for (const envelope of envelopes) {
    const event = parsePipelineEvent(envelope);
    summary = applyEvent(summary, event).summary;
  }
  return summary;
};

describe('applyEvent', () => {
  it('summarises a whole successful execution: state, stages in order, duration, trigger', () => {
    // Prepare
    const envelopes = loadExecution('prod-api-success');

    // Act
    const summary = replay(envelopes);

    // Assess
    expect(summary?.state).toBe('SUCCEEDED');
    expect(orderedStages(summary as ExecutionSummary).map((stage) => stage.name)).toEqual([
      'Source',
      'Build',
      'Approval',
      'Deploy',
    ]);
    expect(summary?.durationMs).toBeGreaterThan(0);
    expect(summary?.trigger?.authorName).toBe('Jane Doe');
  });

  it.each([1, 2, 3, 4, 5])('gives the same summary for shuffled order #%i', (seed) => {
    // Prepare
    const envelopes = loadExecution('prod-api-build-failed');

    // Act
    const inOrder = replay(envelopes);
    const mixed = replay(shuffled(envelopes, seed));

    // Assess
    expect(mixed).toEqual(inOrder);
  });

  it('keeps the failure details of a failed action', () => {
    // Prepare
    const envelopes = loadExecution('prod-api-build-failed');

    // Act
    const summary = replay(envelopes);

    // Assess
    expect(summary?.state).toBe('FAILED');
    expect(summary?.actions['Build/Build']?.result?.externalUrl).toMatch(/codebuild/);
  });

  it('does not advance on a STARTED that arrives after SUCCEEDED, but says so', () => {
    // Prepare
    const done = parsePipelineEvent(loadFixture('codepipeline/pipeline-succeeded.json'));
    const late = parsePipelineEvent({
      ...loadFixture('codepipeline/pipeline-started.json'),
      detail: {
        ...(loadFixture('codepipeline/pipeline-started.json').detail as object),
        'execution-id': done.executionId,
      },
    });
    const first = applyEvent(undefined, done).summary;

    // Act
    const { summary, advanced } = applyEvent(first, late);

    // Assess
    expect(advanced).toBe(false);
    expect(summary.state).toBe('SUCCEEDED');
  });
});
