import { parseConfig } from '../../../shared/config/load-config';
import { cardChannels, routeEvent } from '../../../shared/delivery/routing';
import type { PipelineEvent } from '../../../shared/events/pipeline-event';
import type { EventFields } from '../../support/pipeline-events';

const ONCALL = 'arn:aws:sns:eu-west-1:123456789012:oncall';
const SERVICE = 'arn:aws:sns:eu-west-1:123456789012:pipegate';

const config = parseConfig(
  `
topics:
  oncall: ${ONCALL}
  pager: ${ONCALL}
routes:
  - name: everything
    match: { pipelines: ["*"] }
    slack: { channels: ["#deploys"] }
  - name: prod failures
    match: { pipelines: ["prod-*"], levels: [pipeline, action], states: [FAILED] }
    slack: { channels: ["#deploys", "#incidents"], mentions: ["<!subteam^S0RELEASE>"] }
    sns: { topics: [oncall, default] }
  - name: prod build failures
    match: { pipelines: ["prod-*"], levels: [action], stages: ["Build*"], states: [FAILED] }
    slack: { channels: ["#deploys"], mentions: ["<@U0JANE001>", "<!subteam^S0RELEASE>"] }
    sns: { topics: [pager] }
  - name: web deploys
    match: { pipelines: ["*-web"], levels: [stage], stages: [Deploy] }
    slack: { channels: ["#web"] }
`,
  { source: 'routing.yaml', env: { PIPEGATE_TOPIC_ARN: SERVICE } },
);

const event = (
  overrides: EventFields<'eventId' | 'pipeline' | 'executionId' | 'state' | 'time' | 'attempt'>,
): PipelineEvent => ({
  eventId: 'e-1',
  pipeline: 'prod-api',
  executionId: 'x-1',
  state: 'STARTED',
  time: '2026-07-01T10:00:00.000Z',
  attempt: 1,
  ...overrides,
});

describe('routeEvent', () => {
  it('sends an event no special route matches to the catch-all route only', () => {
    // Prepare
    const started = event({ level: 'pipeline', state: 'STARTED' });

    // Act
    const targets = routeEvent(config, started);

    // Assess
    expect(targets).toEqual({ slack: [{ channel: '#deploys', mentions: [] }], sns: [] });
  });

  it('sends to the union of all matching routes, each channel and topic once', () => {
    // Prepare
    const failed = event({ level: 'action', stage: 'Build', action: 'Compile', state: 'FAILED' });

    // Act
    const targets = routeEvent(config, failed);

    // Assess
    expect(targets.slack.map((target) => target.channel)).toEqual(['#deploys', '#incidents']);
    expect(targets.sns).toEqual([
      { name: 'oncall', topicArn: ONCALL },
      { name: 'default', topicArn: SERVICE },
    ]);
  });

  it('merges the mentions of every matching route per channel, without duplicates', () => {
    // Prepare
    const failed = event({ level: 'action', stage: 'Build', action: 'Compile', state: 'FAILED' });

    // Act
    const targets = routeEvent(config, failed);

    // Assess
    expect(targets.slack).toEqual([
      { channel: '#deploys', mentions: ['<!subteam^S0RELEASE>', '<@U0JANE001>'] },
      { channel: '#incidents', mentions: ['<!subteam^S0RELEASE>'] },
    ]);
  });

  it('adds no mentions to events that are not failures', () => {
    // Prepare
    const config2 = parseConfig(
      'routes:\n  - match: { pipelines: ["*"] }\n    slack: { channels: ["#deploys"], mentions: ["<!here>"] }\n',
      { source: 'mentions.yaml', env: {} },
    );

    // Act
    const targets = routeEvent(config2, event({ level: 'pipeline', state: 'SUCCEEDED' }));

    // Assess
    expect(targets.slack).toEqual([{ channel: '#deploys', mentions: [] }]);
  });

  it('leaves out routes whose level does not match', () => {
    // Prepare
    const stageFailed = event({ level: 'stage', stage: 'Build', state: 'FAILED' });

    // Act
    const targets = routeEvent(config, stageFailed);

    // Assess
    expect(targets).toEqual({ slack: [{ channel: '#deploys', mentions: [] }], sns: [] });
  });

  it('matches stage globs only on events that have a stage', () => {
    // Prepare
    const deployStage = event({
      pipeline: 'staging-web',
      level: 'stage',
      stage: 'Deploy',
      state: 'SUCCEEDED',
    });
    const webPipeline = event({ pipeline: 'staging-web', level: 'pipeline', state: 'SUCCEEDED' });

    // Act
    const forStage = cardChannels(config, deployStage);
    const forPipeline = cardChannels(config, webPipeline);

    // Assess
    expect(forStage).toEqual(['#deploys', '#web']);
    expect(forPipeline).toEqual(['#deploys']);
  });

  it('routes nowhere when no route matches', () => {
    // Prepare
    const empty = parseConfig('routes: []\n', { source: 'empty.yaml', env: {} });

    // Act
    const targets = routeEvent(empty, event({ level: 'pipeline', state: 'FAILED' }));

    // Assess
    expect(targets).toEqual({ slack: [], sns: [] });
  });
});

describe('cardChannels', () => {
  it('lists the channels routeEvent sends the event to', () => {
    // Prepare
    const failed = event({ level: 'pipeline', state: 'FAILED' });

    // Act
    const channels = cardChannels(config, failed);

    // Assess
    expect(channels).toEqual(['#deploys', '#incidents']);
  });
});
