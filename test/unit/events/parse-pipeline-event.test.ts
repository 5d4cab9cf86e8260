import { PipegateError } from '../../../shared/errors';
import { parsePipelineEvent } from '../../../shared/events/normalise-event';
import { listFixtures, loadFixture } from '../../support/fixtures';
import { atLevel } from '../../support/pipeline-events';

describe('parsePipelineEvent', () => {
  it.each(listFixtures('codepipeline'))('parses the real-shaped fixture %s', (file) => {
    // Prepare
    const envelope = loadFixture(file);

    // Act
    const event = parsePipelineEvent(envelope);

    // Assess
    expect(event.executionId).toBe((envelope.detail as Record<string, unknown>)['execution-id']);
    expect(event.state).toBe((envelope.detail as Record<string, unknown>).state);
  });

  it.each(listFixtures('codepipeline/malformed'))(
    'refuses %s with INVALID_EVENT naming the field',
    (file) => {
      // Prepare
      const envelope = loadFixture(file);

      // Act
      const parse = () => parsePipelineEvent(envelope);

      // Assess
      expect(parse).toThrow(PipegateError);
      try {
        parse();
      } catch (error) {
        expect((error as PipegateError).code).toBe('INVALID_EVENT');
        expect((error as PipegateError).details.issues).not.toHaveLength(0);
      }
    },
  );

  it('coerces informational numbers sent as strings', () => {
    // Prepare
    const envelope = loadFixture('codepipeline/lenient-numbers-as-strings.json');

    // Act
    const event = parsePipelineEvent(envelope);

    // Assess
    expect(event.attempt).toBe(1);
    expect(typeof event.pipelineVersion).toBe('number');
  });

  it('takes git trigger details from execution-trigger', () => {
    // Prepare
    const envelope = loadFixture('codepipeline/pipeline-started-git.json');

    // Act
    const event = parsePipelineEvent(envelope);

    // Assess
    expect(atLevel(event, 'pipeline').trigger).toMatchObject({
      authorEmail: 'jane@example.com',
      branch: 'main',
      repository: 'acme/prod-api',
      commitId: '5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b',
      authorDate: '2026-11-26T13:04:10Z',
    });
  });

  it('normalises a failed action with its execution result', () => {
    // Prepare
    const envelope = loadFixture('codepipeline/action-failed.json');

    // Act
    const event = parsePipelineEvent(envelope);

    // Assess
    const { result } = atLevel(event, 'action');
    expect(result?.errorCode).toBeDefined();
    expect(result?.externalUrl).toMatch(/^https:\/\//);
  });

  it('reads the retry attempt of a retried stage', () => {
    // Prepare
    const envelope = loadFixture('codepipeline/stage-started-retry.json');

    // Act
    const event = parsePipelineEvent(envelope);

    // Assess
    expect(event.attempt).toBe(2);
  });
});
