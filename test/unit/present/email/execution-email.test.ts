import type { ExecutionState } from '../../../../shared/events/pipeline-event';
import { renderExecutionEmail, severityOf } from '../../../../shared/present/email/execution-email';
import { loadExecution, loadFixture } from '../../../support/fixtures';
import { atLevel } from '../../../support/pipeline-events';
import { eventOf, eventsOf, replayEvents, summaryOf } from '../summaries';

const LONG_PIPELINE = `p${'-long.pipeline_name@'.repeat(5)}`.slice(0, 100);
const longStage = (stage: string): string => `${stage}${'-VeryLongStageName'.repeat(6)}`.slice(0, 100);

/** An envelope of a recorded run with a 100-character pipeline name and 100-character stage names. */
const withLongNames = (envelope: Record<string, unknown>): Record<string, unknown> => {
  const detail = envelope.detail as Record<string, unknown>;
  const stage = typeof detail.stage === 'string' ? { stage: longStage(detail.stage) } : {};
  return { ...envelope, detail: { ...detail, pipeline: LONG_PIPELINE, ...stage } };
};

const everyStepOfBothRuns = (): [string, number][] =>
  ['prod-api-success', 'prod-api-build-failed'].flatMap((folder) =>
    loadExecution(folder).map((_, index): [string, number] => [folder, index]),
  );

describe('renderExecutionEmail subjects', () => {
  it('says FAILED and where for a failed run', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed');
    const event = eventOf('prod-api-build-failed', (e) => e.level === 'pipeline' && e.state === 'FAILED');

    // Act
    const email = renderExecutionEmail(summary, event);

    // Assess
    expect(email.subject).toBe('✖ prod-api #9b7d3f FAILED in Build');
  });

  it('gives the duration of a successful run', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');
    const event = eventOf('prod-api-success', (e) => e.level === 'pipeline' && e.state === 'SUCCEEDED');

    // Act
    const email = renderExecutionEmail(summary, event);

    // Assess
    expect(email.subject).toBe('✔ prod-api #4f1c2a succeeded (27m 09s)');
  });

  it('announces a start', () => {
    // Prepare
    const summary = summaryOf('prod-api-success', 1);
    const event = eventOf('prod-api-success', (e) => e.level === 'pipeline' && e.state === 'STARTED');

    // Act
    const email = renderExecutionEmail(summary, event);

    // Assess
    expect(email.subject).toBe('▶ prod-api #4f1c2a started');
  });

  it.each(everyStepOfBothRuns())(
    'keeps the subject of %s event #%i on one line within 100 characters with long names',
    (folder, index) => {
      // Prepare
      const events = eventsOf(loadExecution(folder).map(withLongNames)).slice(0, index + 1);
      const summary = replayEvents(events);
      const event = events[index];
      if (event === undefined) throw new Error('no event');

      // Act
      const email = renderExecutionEmail(summary, event);

      // Assess
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none
      expect(email.subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(email.subject.length).toBeLessThan(100);
      expect(email.subject).toContain(`#${summary.executionId.slice(0, 6)}`);
    },
  );

  it('keeps "FAILED in <stage>" readable when names are long, cutting the pipeline name first', () => {
    // Prepare
    const events = eventsOf(loadExecution('prod-api-build-failed').map(withLongNames));
    const summary = replayEvents(events);
    const event = events.at(-1);
    if (event === undefined) throw new Error('no event');

    // Act
    const email = renderExecutionEmail(summary, event);

    // Assess
    expect(email.subject).toMatch(/^✖ p-long\.pipeline_name@.*… #9b7d3f FAILED in Build-VeryLongStage/);
    expect(email.subject.length).toBeLessThan(100);
  });
});

describe('renderExecutionEmail bodies', () => {
  it('tells on-call what failed, where, the error, the summary and the log link', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed');
    const event = eventOf('prod-api-build-failed', (e) => e.level === 'pipeline' && e.state === 'FAILED');

    // Act
    const { body } = renderExecutionEmail(summary, event);

    // Assess
    expect(body.startsWith('prod-api failed in Build after 2m 33s.\n')).toBe(true);
    expect(body).toMatch(/^Failed action: Build \/ Build \(CodeBuild\)$/m);
    expect(body).toMatch(/^Error: +JobFailed$/m);
    expect(body).toContain('Summary:\n    Build terminated with state: FAILED');
    expect(body).toContain(
      'Open build log:\nhttps://console.aws.amazon.com/codesuite/codebuild/123456789012/projects/prod-api-build/build/prod-api-build%3Afe2fbd72-0bdc-45d3-860b-ed79214119cf/log?region=eu-west-1\n',
    );
  });

  it('says where the run is and who started it', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed');
    const event = eventOf('prod-api-build-failed', (e) => e.level === 'pipeline' && e.state === 'FAILED');

    // Act
    const { body } = renderExecutionEmail(summary, event);

    // Assess
    expect(body).toMatch(/^Account: +123456789012, eu-west-1$/m);
    expect(body).toMatch(/^Triggered: +Started manually by jane@example.com \(DeveloperAccess\)$/m);
    expect(body).toContain(
      'View in CodePipeline:\nhttps://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/prod-api/executions/9b7d3f10-2c4a-4e6b-8f21-5a0c9d3e7b42/timeline?region=eu-west-1',
    );
  });

  it('names the commit, its author and branch for a push', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');
    const event = eventOf('prod-api-success', (e) => e.level === 'pipeline' && e.state === 'SUCCEEDED');

    // Act
    const { body } = renderExecutionEmail(summary, event);

    // Assess
    expect(body).toMatch(/^Commit: +9c4e1f7 Add \/healthz endpoint to the API$/m);
    expect(body).toMatch(/^Author: +Jane Doe <jane@example.com>$/m);
    expect(body).toMatch(/^Branch: +main in acme\/prod-api$/m);
  });

  it('lists every stage with its duration', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');
    const event = eventOf('prod-api-success', (e) => e.level === 'pipeline' && e.state === 'SUCCEEDED');

    // Act
    const { body } = renderExecutionEmail(summary, event);

    // Assess
    expect(body).toContain(
      'Stages:\n  ✔ Source    4s\n  ✔ Build     4m 42s\n  ✔ Approval  16m 44s\n  ✔ Deploy    5m 34s\n',
    );
  });

  it('quotes the stop comment of a stopped run, keeping its line break', () => {
    // Prepare
    const events = eventsOf([loadFixture('codepipeline/pipeline-stopped-with-comments.json')]);
    const [event] = events;
    if (event === undefined) throw new Error('no event');

    // Act
    const { body } = renderExecutionEmail(replayEvents(events), event);

    // Assess
    expect(body).toContain('Stop comment:\n    Hotfix 2026-11-24 supersedes this run');
    expect(body).toContain('\n    Ticket: OPS-4312');
  });

  it('stays under 200 KB when a provider sends a huge summary', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed', 8);
    const failed = atLevel(
      eventOf('prod-api-build-failed', (e) => e.level === 'action' && e.state === 'FAILED'),
      'action',
    );
    const event = { ...failed, result: { ...failed.result, summary: 'é'.repeat(1_000_000) } };

    // Act
    const { body } = renderExecutionEmail(summary, event);

    // Assess
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThan(200_000);
    expect(body).toContain('View in CodePipeline:');
  });
});

describe('renderExecutionEmail attributes', () => {
  it('carries pipeline, state, level and severity for filter policies', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed', 8);
    const event = eventOf('prod-api-build-failed', (e) => e.level === 'action' && e.state === 'FAILED');

    // Act
    const { attributes } = renderExecutionEmail(summary, event);

    // Assess
    expect(attributes).toEqual({ pipeline: 'prod-api', state: 'FAILED', level: 'action', severity: 'error' });
  });

  it.each<[ExecutionState, string]>([
    ['FAILED', 'error'],
    ['STOPPED', 'warning'],
    ['SUPERSEDED', 'warning'],
    ['CANCELED', 'warning'],
    ['ABANDONED', 'warning'],
    ['STARTED', 'info'],
    ['SUCCEEDED', 'info'],
    ['RESUMED', 'info'],
  ])('rates %s as %s', (state, severity) => {
    // Prepare
    const input = state;

    // Act
    const rated = severityOf(input);

    // Assess
    expect(rated).toBe(severity);
  });
});
