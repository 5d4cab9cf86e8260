import { parseConfig } from '../../../shared/config/load-config';
import { PipegateError } from '../../../shared/errors';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:pipegate';
const parse = (text: string, env: Record<string, string | undefined> = { PIPEGATE_TOPIC_ARN: TOPIC }) =>
  parseConfig(text, { source: 'pipegate.config.yaml', env });

const issuesOf = (action: () => unknown): string[] => {
  try {
    action();
  } catch (error) {
    if (error instanceof PipegateError) return error.details.issues as string[];
    throw error;
  }
  throw new Error('the config was accepted');
};

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    // Prepare
    const text = 'approvals:\n  - match: { pipelines: ["*"] }\n    emails: [jane@example.com]\n';

    // Act
    const config = parse(text);

    // Assess
    expect(config.approvals[0]).toEqual({
      name: 'approvals[0]',
      match: { pipelines: ['*'] },
      slack: { users: [], userGroups: [], channels: [] },
      emails: ['jane@example.com'],
      inform: [],
      preventSelfApproval: false,
      requireDistinctFrom: [],
      requireRejectComment: false,
      expiresAfterHours: 168,
      remindBeforeHours: 24,
      required: 1,
      distinctGroups: false,
    });
    expect(config.retention).toEqual({ historyDays: 400, auditDays: 2555 });
    expect(config.routes).toEqual([]);
    expect(config.freezes).toEqual([]);
  });

  it('makes the service topic from PIPEGATE_TOPIC_ARN the default topic when the file declares none', () => {
    // Prepare
    const text = 'routes:\n  - match: { pipelines: ["*"] }\n    sns: { topics: [default] }\n';

    // Act
    const config = parse(text);

    // Assess
    expect(config.routes[0]?.sns.topics).toEqual([{ name: 'default', topicArn: TOPIC }]);
  });

  it('accepts an empty default topic that no route uses', () => {
    // Prepare
    const text = `topics:\n  default: \${env:PIPEGATE_TOPIC_ARN, }\nroutes:\n  - match: { pipelines: ["*"] }\n    slack: { channels: ["#deploys"] }\n`;

    // Act
    const config = parse(text, {});

    // Assess
    expect(config.topics).toEqual({});
  });

  it('refuses an empty default topic as soon as a route uses it, saying where it comes from', () => {
    // Prepare
    const text = `topics:\n  default: \${env:PIPEGATE_TOPIC_ARN, }\nroutes:\n  - match: { pipelines: ["*"] }\n    sns: { topics: [default] }\n`;

    // Act
    const issues = issuesOf(() => parse(text, {}));

    // Assess
    expect(issues).toEqual([
      `pipegate.config.yaml: routes[0].sns.topics[0]: topic "default" has no ARN: topics.default is "\${env:PIPEGATE_TOPIC_ARN, }", which resolved to an empty string (line 5)`,
    ]);
  });

  it('refuses the implicit default topic when PIPEGATE_TOPIC_ARN is unset and a route uses it', () => {
    // Prepare
    const text = 'routes:\n  - match: { pipelines: ["*"] }\n    sns: { topics: [default] }\n';

    // Act
    const issues = issuesOf(() => parse(text, {}));

    // Assess
    expect(issues[0]).toContain(
      'routes[0].sns.topics[0]: topic "default" has no ARN: PIPEGATE_TOPIC_ARN is not set',
    );
  });

  it('reports every problem at once, in file order, each with its line', () => {
    // Prepare
    const text = [
      'routes:',
      '  - match: { pipelines: ["*"], states: [DONE] }',
      '    slack: { channels: ["#Deploys"] }',
      'approvals:',
      '  - match: { pipelines: ["*"] }',
      '    emails: [nobody]',
    ].join('\n');

    // Act
    const issues = issuesOf(() => parse(text));

    // Assess
    expect(issues).toEqual([
      expect.stringMatching(
        /^pipegate\.config\.yaml: routes\[0\]\.match\.states\[0\]: "DONE" is not a CodePipeline state .*\(line 2\)$/,
      ),
      expect.stringMatching(
        /^pipegate\.config\.yaml: routes\[0\]\.slack\.channels\[0\]: "#Deploys" is not a Slack channel .*\(line 3\)$/,
      ),
      'pipegate.config.yaml: approvals[0].emails[0]: "nobody" is not an email address (line 6)',
    ]);
  });

  it('puts every issue in the error message too', () => {
    // Prepare
    const text = 'routes:\n  - match: { pipelines: ["*"] }\n';

    // Act
    const parseIt = () => parse(text);

    // Assess
    expect(parseIt).toThrow('pipegate.config.yaml: routes[0]: sends nowhere: add slack or sns (line 2)');
  });

  it('refuses a stage filter on a route that only matches pipeline-level events', () => {
    // Prepare
    const text =
      'routes:\n  - match: { pipelines: ["*"], levels: [pipeline], stages: [Deploy] }\n    slack: { channels: ["#deploys"] }\n';

    // Act
    const issues = issuesOf(() => parse(text));

    // Assess
    expect(issues).toEqual([
      'pipegate.config.yaml: routes[0].match.stages: never matches: pipeline events have no stage (line 2)',
    ]);
  });

  it('turns bare Slack ids in mentions into mention syntax', () => {
    // Prepare
    const text =
      'routes:\n  - match: { pipelines: ["*"] }\n    slack: { channels: [C0123ABCD], mentions: [S0RELEASE, U0JANE001, "<!here>"] }\n';

    // Act
    const config = parse(text);

    // Assess
    expect(config.routes[0]?.slack.mentions).toEqual(['<!subteam^S0RELEASE>', '<@U0JANE001>', '<!here>']);
  });

  it('takes an unquoted 12-digit account id but refuses one YAML has shortened', () => {
    // Prepare
    const text =
      'routes:\n  - match: { pipelines: ["*"], accounts: [123456789012, 012345678901] }\n    slack: { channels: ["#deploys"] }\n';

    // Act
    const issues = issuesOf(() => parse(text));

    // Assess
    expect(issues).toEqual([
      expect.stringContaining('routes[0].match.accounts[1]: "12345678901" is not an AWS account id'),
    ]);
  });

  it('reads numbers and booleans from environment references', () => {
    // Prepare
    const text = [
      `retention: { historyDays: "\${env:HISTORY_DAYS, 30}" }`,
      'approvals:',
      '  - match: { pipelines: ["*"] }',
      '    emails: [jane@example.com]',
      `    preventSelfApproval: \${env:PREVENT_SELF_APPROVAL}`,
    ].join('\n');

    // Act
    const config = parse(text, { PREVENT_SELF_APPROVAL: 'true' });

    // Assess
    expect(config.retention.historyDays).toBe(30);
    expect(config.approvals[0]?.preventSelfApproval).toBe(true);
  });

  it('ignores top-level x- keys that hold YAML anchors, and resolves their aliases', () => {
    // Prepare
    const text = [
      'x-prod: &prod',
      '  pipelines: ["prod-*"]',
      'routes:',
      '  - match: { <<: *prod, states: [FAILED] }',
      '    slack: { channels: ["#deploys"] }',
    ].join('\n');

    // Act
    const config = parse(text);

    // Assess
    expect(config.routes[0]?.match).toEqual({ pipelines: ['prod-*'], states: ['FAILED'] });
  });

  it('reads JSON', () => {
    // Prepare
    const text = JSON.stringify({
      routes: [{ match: { pipelines: ['*'] }, slack: { channels: ['#deploys'] } }],
    });

    // Act
    const config = parse(text);

    // Assess
    expect(config.routes[0]?.slack.channels).toEqual(['#deploys']);
  });

  it('refuses an empty file', () => {
    // Prepare
    const text = '# nothing but a comment\n';

    // Act
    const issues = issuesOf(() => parse(text));

    // Assess
    expect(issues).toEqual([
      'pipegate.config.yaml: the file is empty (expected topics, retention, routes and approvals)',
    ]);
  });

  it('gives the line and column of a YAML syntax error', () => {
    // Prepare
    const text = 'routes:\n  - match: { pipelines: ["*"]\n    slack: { channels: ["#deploys"] }\n';

    // Act
    const issues = issuesOf(() => parse(text));

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^pipegate\.config\.yaml:\d+:\d+: YAML syntax error: /);
  });
});
