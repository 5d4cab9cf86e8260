import {
  renderExecutionEndedReply,
  renderExecutionFailedReply,
  renderFailureReply,
} from '../../../../shared/present/slack/failure-reply';
import { loadExecution, loadFixture } from '../../../support/fixtures';
import { atLevel } from '../../../support/pipeline-events';
import { eventOf, eventsOf, replayEvents, summaryOf, textsOf } from '../summaries';

const LOG_URL =
  'https://console.aws.amazon.com/codesuite/codebuild/123456789012/projects/prod-api-build/build/prod-api-build%3Afe2fbd72-0bdc-45d3-860b-ed79214119cf/log?region=eu-west-1';

const buildFailed = () =>
  atLevel(
    eventOf('prod-api-build-failed', (e) => e.level === 'action' && e.state === 'FAILED'),
    'action',
  );

describe('renderFailureReply', () => {
  it('links the build log', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed', 8);

    // Act
    const reply = renderFailureReply(summary, buildFailed());

    // Assess
    expect(textsOf(reply.blocks).join('\n')).toContain(`<${LOG_URL}|Open build log>`);
  });

  it('names the failed action, its stage, the error code and the summary', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed', 8);

    // Act
    const reply = renderFailureReply(summary, buildFailed());

    // Assess
    const text = textsOf(reply.blocks).join('\n');
    expect(text).toContain('❌ *Build* (CodeBuild) failed in stage *Build* of *prod-api*');
    expect(text).toContain('*Error* `JobFailed`');
    expect(text).toContain('>Build terminated with state: FAILED');
  });

  it('puts the mentions first, in the blocks and in the notification text', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed', 8);

    // Act
    const reply = renderFailureReply(summary, buildFailed(), { mentions: ['U024BE7LH', 'S0614TZR7'] });

    // Assess
    expect(reply.text.startsWith('<@U024BE7LH> <!subteam^S0614TZR7> ❌')).toBe(true);
    expect(textsOf(reply.blocks)[0]?.startsWith('<@U024BE7LH> <!subteam^S0614TZR7> ❌')).toBe(true);
  });

  it('stays in the thread (not broadcast)', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed', 8);

    // Act
    const reply = renderFailureReply(summary, buildFailed());

    // Assess
    expect(reply.broadcast).toBe(false);
  });

  it('escapes markup in the provider summary', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed', 8);
    const event = {
      ...buildFailed(),
      result: { errorCode: 'JobFailed', summary: 'npm ERR! <!channel> & <@U1>' },
    };

    // Act
    const reply = renderFailureReply(summary, event);

    // Assess
    const json = JSON.stringify(reply);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
});

describe('renderExecutionFailedReply', () => {
  it('says where the run failed and lists the failed action with its log link', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed');

    // Act
    const reply = renderExecutionFailedReply(summary);

    // Assess
    const text = textsOf(reply.blocks).join('\n');
    expect(text).toContain('❌ *prod-api* failed in *Build* after 2m 33s');
    expect(text).toContain('❌ *Build / Build* (CodeBuild)\n*Error* `JobFailed`');
    expect(text).toContain(`<${LOG_URL}|Open build log>`);
    expect(reply.text).toBe('❌ prod-api failed in Build after 2m 33s (Build: JobFailed)');
  });

  it('is broadcast to the channel', () => {
    // Prepare
    const summary = summaryOf('prod-api-build-failed');

    // Act
    const reply = renderExecutionFailedReply(summary);

    // Assess
    expect(reply.broadcast).toBe(true);
  });
});

describe('renderExecutionEndedReply', () => {
  it('says a stopped run was stopped and quotes the stop comment', () => {
    // Prepare
    const summary = replayEvents(eventsOf([loadFixture('codepipeline/pipeline-stopped-with-comments.json')]));

    // Act
    const reply = renderExecutionEndedReply(summary);

    // Assess
    const text = textsOf(reply.blocks).join('\n');
    expect(text).toContain('⏹ *prod-api* was stopped');
    expect(text).toContain('*Stop comment*\n>Hotfix 2026-11-24 supersedes this run');
    expect(reply.broadcast).toBe(false);
  });

  it('explains a superseded run', () => {
    // Prepare
    const summary = replayEvents(eventsOf([loadFixture('codepipeline/pipeline-superseded.json')]));

    // Act
    const reply = renderExecutionEndedReply(summary);

    // Assess
    expect(textsOf(reply.blocks).join('\n')).toContain('⏭ *prod-api* was superseded by a newer execution');
  });

  it('names the stage the run was in when it was stopped', () => {
    // Prepare
    const running = loadExecution('prod-api-build-failed').slice(0, 7);
    const stopped = loadFixture('codepipeline/pipeline-stopped.json');
    const detail = { ...(stopped.detail as object), 'execution-id': '9b7d3f10-2c4a-4e6b-8f21-5a0c9d3e7b42' };
    const summary = replayEvents(eventsOf([...running, { ...stopped, detail }]));

    // Act
    const reply = renderExecutionEndedReply(summary);

    // Assess
    expect(textsOf(reply.blocks)[0]).toBe('⏹ *prod-api* was stopped after 3d 02h while in *Build*');
  });
});
