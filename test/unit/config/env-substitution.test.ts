import { substituteEnv } from '../../../shared/config/env-substitution';

describe('substituteEnv', () => {
  it('replaces a reference with the variable', () => {
    // Prepare
    const file = { topics: { default: `\${env:PIPEGATE_TOPIC_ARN}` } };

    // Act
    const result = substituteEnv(file, { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:pipegate' });

    // Assess
    expect(result.value).toEqual({ topics: { default: 'arn:aws:sns:eu-west-1:123456789012:pipegate' } });
    expect(result.issues).toEqual([]);
  });

  it('uses the default when the variable is unset', () => {
    // Prepare
    const file = { routes: [{ slack: { channels: [`\${env:DEPLOY_CHANNEL, #deploys}`] } }] };

    // Act
    const result = substituteEnv(file, {});

    // Assess
    expect(result.value).toEqual({ routes: [{ slack: { channels: ['#deploys'] } }] });
  });

  it('uses the default when the variable is set but empty', () => {
    // Prepare
    const file = { channel: `\${env:DEPLOY_CHANNEL,#deploys}` };

    // Act
    const result = substituteEnv(file, { DEPLOY_CHANNEL: '' });

    // Assess
    expect(result.value).toEqual({ channel: '#deploys' });
  });

  it('allows an empty default', () => {
    // Prepare
    const file = { topics: { default: `\${env:PIPEGATE_TOPIC_ARN, }` } };

    // Act
    const result = substituteEnv(file, {});

    // Assess
    expect(result.value).toEqual({ topics: { default: '' } });
    expect(result.issues).toEqual([]);
  });

  it('substitutes references inside longer text', () => {
    // Prepare
    const file = { arn: `arn:aws:sns:\${env:AWS_REGION}:123456789012:pipegate-\${env:STAGE, dev}` };

    // Act
    const result = substituteEnv(file, { AWS_REGION: 'eu-west-1' });

    // Assess
    expect(result.value).toEqual({ arn: 'arn:aws:sns:eu-west-1:123456789012:pipegate-dev' });
  });

  it('names the missing variable and the path that uses it', () => {
    // Prepare
    const file = { topics: { oncall: `\${env:ONCALL_TOPIC_ARN}` } };

    // Act
    const result = substituteEnv(file, {});

    // Assess
    expect(result.issues).toEqual([
      {
        path: ['topics', 'oncall'],
        message: `environment variable ONCALL_TOPIC_ARN is not set (used as \${env:ONCALL_TOPIC_ARN}; set it or give a default: \${env:ONCALL_TOPIC_ARN, value})`,
      },
    ]);
  });

  it('refuses references other than env', () => {
    // Prepare
    const file = { channel: `\${ssm:/pipegate/channel}` };

    // Act
    const result = substituteEnv(file, {});

    // Assess
    expect(result.issues[0]?.message).toBe(
      `\${ssm:/pipegate/channel} is not a supported reference (expected \${env:NAME} or \${env:NAME, default})`,
    );
  });

  it(`keeps a literal \${ written as $\${`, () => {
    // Prepare
    const file = { text: `cost: $\${env:NOT_A_REFERENCE}` };

    // Act
    const result = substituteEnv(file, { NOT_A_REFERENCE: 'x' });

    // Assess
    expect(result.value).toEqual({ text: `cost: \${env:NOT_A_REFERENCE}` });
  });

  it('leaves keys, numbers and booleans alone', () => {
    // Prepare
    const key = `\${env:KEY}`;
    const file = { [key]: 1, flag: true, nothing: null };

    // Act
    const result = substituteEnv(file, { KEY: 'replaced' });

    // Assess
    expect(result.value).toEqual({ [key]: 1, flag: true, nothing: null });
  });

  it('records the template of each substituted value and the variables read', () => {
    // Prepare
    const file = {
      topics: { default: `\${env:PIPEGATE_TOPIC_ARN, }` },
      routes: [{ name: `\${env:NAME, x}` }],
    };

    // Act
    const result = substituteEnv(file, { NAME: 'deploys' });

    // Assess
    expect([...result.templates]).toEqual([
      ['topics.default', `\${env:PIPEGATE_TOPIC_ARN, }`],
      ['routes[0].name', `\${env:NAME, x}`],
    ]);
    expect(result.variables).toEqual({ PIPEGATE_TOPIC_ARN: undefined, NAME: 'deploys' });
  });
});
