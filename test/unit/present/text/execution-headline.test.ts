import { executionHeadlineWords, rawNames } from '../../../../shared/present/text/execution-headline';
import { summaryOf } from '../summaries';

describe('executionHeadlineWords', () => {
  it('names the running stage', () => {
    // Prepare: pipeline, Source and its action started
    const summary = summaryOf('prod-api-success', 3);

    // Act
    const words = executionHeadlineWords(summary, rawNames);

    // Assess
    expect(words).toBe('prod-api is running Source');
  });

  it('says the run is still going between two stages, not that it just started', () => {
    // Prepare: Source succeeded, Build not announced yet
    const summary = summaryOf('prod-api-success', 5);

    // Act
    const words = executionHeadlineWords(summary, rawNames);

    // Assess
    expect(words).toBe('prod-api is running, Source done');
  });
});

describe('the headline of a failing run', () => {
  it('only moves forward between the action, stage and pipeline FAILED events', () => {
    // Prepare: Build started (7), its action failed (8), the stage failed (9), the pipeline failed (10)
    const counts = [7, 8, 9, 10];

    // Act
    const words = counts.map((count) =>
      executionHeadlineWords(summaryOf('prod-api-build-failed', count), rawNames),
    );

    // Assess
    expect(words.slice(0, 3)).toEqual([
      'prod-api is running Build',
      'prod-api is failing in Build',
      'prod-api is failing in Build',
    ]);
    expect(words[3]).toMatch(/^prod-api failed in Build after \d+m \d{2}s$/);
  });
});
