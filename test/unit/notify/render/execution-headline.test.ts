import { executionHeadlineWords, rawNames } from '../../../../shared/notify/render/execution-headline';
import { summaryOf } from './summaries';

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
