import type { ExecutionSummary } from '../../../../shared/history/execution-summary';
import { renderExecutionCard } from '../../../../shared/present/slack/execution-card';
import { loadFixture } from '../../../support/fixtures';
import { approvedApproval, eventsOf, pendingApproval, replayEvents, summaryOf, textsOf } from '../summaries';

const stageListOf = (blocks: unknown): string[] =>
  textsOf(blocks)
    .flatMap((text) => text.split('\n'))
    .filter((line) => /^\S+ \*[^*]+\* · /.test(line));

/** A run with many stages, each failing with a long summary: more than Slack can take in one message. */
const hugeSummary = (): ExecutionSummary => {
  const summary = structuredClone(summaryOf('prod-api-build-failed'));
  for (let i = 0; i < 800; i += 1) {
    const name = `Stage${String(i).padStart(3, '0')}${'x'.repeat(90)}`;
    const at = new Date(Date.UTC(2026, 10, 21, 15, 0, i)).toISOString();
    summary.stages[name] = {
      name,
      firstSeenAt: at,
      state: 'FAILED',
      attempt: 1,
      updatedAt: at,
      startedAt: at,
      endedAt: at,
    };
    summary.actions[`${name}/Act`] = {
      stage: name,
      action: 'Act',
      state: 'FAILED',
      attempt: 1,
      updatedAt: at,
      result: { errorCode: 'JobFailed', summary: '<&>'.repeat(500), externalUrl: 'https://example.com/log' },
    };
  }
  return summary;
};

describe('renderExecutionCard', () => {
  it('heads a successful run with ✅, the pipeline, the state and the duration', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    expect(textsOf(card.blocks)[0]).toBe('✅ *prod-api* succeeded in 27m 09s');
  });

  it('lists all four stages of the successful run in order, each with ✅ and a duration', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    expect(stageListOf(card.blocks)).toEqual([
      '✅ *Source* · 4s',
      '✅ *Build* · 4m 42s',
      '✅ *Approval* · 16m 44s',
      '✅ *Deploy* · 5m 34s',
    ]);
  });

  it('shows the failed Build stage with ❌ and its failed action with JobFailed', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed');

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    const text = textsOf(card.blocks).join('\n');
    expect(text).toContain('❌ *prod-api* failed in *Build* after 2m 33s');
    expect(text).toMatch(/❌ \*Build\* · failed after 2m 25s\n\s+❌ Build \(CodeBuild\) · `JobFailed`/);
  });

  it('says what triggered a push: linked short SHA, commit title, author, branch and repository', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    expect(textsOf(card.blocks)).toContain(
      '<https://github.com/acme/prod-api/commit/9c4e1f7a2b8d3e6f0a5c7b9d1e2f4a6c8b0d2e4f|9c4e1f7> ' +
        'Add /healthz endpoint to the API · Jane Doe · main · acme/prod-api',
    );
  });

  it('names who started a manual run, shortened from the role ARN', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed');

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    expect(textsOf(card.blocks)).toContain('Started manually by jane@example.com (DeveloperAccess)');
  });

  it('escapes markup in commit messages', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');
    summary.trigger = { ...summary.trigger, commitMessage: '<script>alert(1)</script> & <!channel>' };

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    const json = JSON.stringify(card);
    expect(json).not.toContain('<script>');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;');
  });

  it('shows a pending approval under its stage with ⏳ and the expiry', () => {
    // Prepare
    const summary = summaryOf('prod-api-success', 11);

    // Act
    const card = renderExecutionCard(summary, { approvals: [pendingApproval()] });

    // Assess
    const text = textsOf(card.blocks).join('\n');
    expect(textsOf(card.blocks)[0]).toBe('⏳ *prod-api* is waiting for approval in *Approval*');
    expect(text).toMatch(
      /⏳ \*Approval\* · waiting for approval\n\s+⏳ Waiting for approval in \*Approval \/ ManualApproval\* — expires <!date\^\d+\^[^|]+\|Fri 27 Nov 2026 10:04 UTC>/,
    );
  });

  it('shows a pending approval past its expiry as expired', () => {
    // Prepare
    const summary = summaryOf('prod-api-success', 11);

    // Act
    const card = renderExecutionCard(summary, {
      approvals: [pendingApproval()],
      now: new Date('2026-11-28T00:00:00Z'),
    });

    // Assess
    const text = textsOf(card.blocks).join('\n');
    expect(text).toContain('⌛ Waited in *Approval / ManualApproval* until');
    expect(text).not.toContain('— expires');
  });

  it('shows who approved, through which channel, when and why', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');

    // Act
    const card = renderExecutionCard(summary, { approvals: [approvedApproval()] });

    // Assess
    expect(textsOf(card.blocks).join('\n')).toMatch(
      /✅ \*Approval\* · 16m 44s\n\s+✔ Approved by Jane Doe via Slack at <!date\^\d+\^\{time\}\|14:02 UTC>: looks good/,
    );
  });

  it('ignores approvals of other executions', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');
    const other = approvedApproval({ executionId: 'another-run', comment: 'not this one' });

    // Act
    const card = renderExecutionCard(summary, { approvals: [other] });

    // Assess
    expect(JSON.stringify(card)).not.toContain('not this one');
  });

  it('shows a stopped run as stopped, with its stop comment quoted and escaped', () => {
    // Prepare
    const summary = replayEvents(eventsOf([loadFixture('codepipeline/pipeline-stopped-with-comments.json')]));

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    const text = textsOf(card.blocks).join('\n');
    expect(text).toContain('⏹ *prod-api* was stopped');
    expect(text).toContain('*Stop comment*\n>Hotfix 2026-11-24 supersedes this run');
    expect(text).toContain('>Ticket: OPS-4312');
  });

  it('shows a superseded run as superseded', () => {
    // Prepare
    const summary = replayEvents(eventsOf([loadFixture('codepipeline/pipeline-superseded.json')]));

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    expect(textsOf(card.blocks)[0]).toBe('⏭ *prod-api* was superseded by a newer execution');
  });

  it('links the execution in the CodePipeline console', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    expect(JSON.stringify(card.blocks)).toContain(
      '<https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/prod-api/executions/4f1c2a9e-7b3d-4c8e-9a15-2d6f0b8e1c37/timeline?region=eu-west-1|View in CodePipeline>',
    );
  });

  it('gives a short plain fallback text for notifications', () => {
    // Prepare
    const summary = summaryOf('prod-api-success');

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    expect(card.text).toBe('✅ prod-api succeeded in 27m 09s — Add /healthz endpoint to the API');
  });

  it('stays within 50 blocks and 3000 characters per text for a huge run, keeping the console link', () => {
    // Prepare
    const summary = hugeSummary();

    // Act
    const card = renderExecutionCard(summary);

    // Assess
    expect(card.blocks.length).toBeLessThanOrEqual(50);
    expect(Math.max(...textsOf(card.blocks).map((text) => text.length))).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(card.blocks.at(-1))).toContain('View in CodePipeline');
    expect(JSON.stringify(card.blocks.at(-2))).toContain('more blocks left out');
  });
});
