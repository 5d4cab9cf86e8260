import { parseConfig } from '../../../shared/config/load-config';
import { PipegateError } from '../../../shared/errors';

const parse = (text: string) =>
  parseConfig(text, {
    source: 'pipegate.config.yaml',
    env: { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:pipegate' },
  });

const issuesOf = (text: string): string[] => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof PipegateError) return error.details.issues as string[];
    throw error;
  }
  throw new Error('the config was accepted');
};

describe('accounts: in the config file', () => {
  it('reads member accounts with their name, role and regions', () => {
    // Prepare
    const text = [
      'accounts:',
      '  - id: "210987654321"',
      '    name: payments-prod',
      '    roleArn: arn:aws:iam::210987654321:role/custom',
      '    regions: [us-west-2, eu-west-1]',
      '  - id: "333333333333"',
    ].join('\n');

    // Act
    const config = parse(text);

    // Assess
    expect(config.accounts).toEqual([
      {
        id: '210987654321',
        name: 'payments-prod',
        roleArn: 'arn:aws:iam::210987654321:role/custom',
        regions: ['us-west-2', 'eu-west-1'],
      },
      { id: '333333333333' },
    ]);
  });

  it('means this account only when the section is absent', () => {
    // Act
    const config = parse('routes: []\n');

    // Assess
    expect(config.accounts).toEqual([]);
  });

  it.each([
    ['accounts:\n  - id: "21098765432"\n', 'accounts[0].id: "21098765432" is not an AWS account id'],
    [
      'accounts:\n  - id: "210987654321"\n    roleArn: arn:aws:iam::999999999999:role/pipegate-member\n',
      'accounts[0].roleArn: names account "999999999999", not this account "210987654321"',
    ],
    [
      'accounts:\n  - id: "210987654321"\n    roleArn: pipegate-member\n',
      'accounts[0].roleArn: "pipegate-member" is not an IAM role ARN',
    ],
    [
      'accounts:\n  - id: "210987654321"\n    regions: [us-west2]\n',
      'accounts[0].regions[0]: "us-west2" is not an AWS region',
    ],
    ['accounts:\n  - id: "210987654321"\n    region: [us-west-2]\n', 'did you mean "regions"?'],
    [
      'accounts:\n  - id: "210987654321"\n  - id: "210987654321"\n',
      'accounts[1].id: "210987654321" is already listed at accounts[0]',
    ],
  ])('refuses %j, saying where and why', (text, expected) => {
    // Act
    const issues = issuesOf(text);

    // Assess
    expect(issues.join('\n')).toContain(expected);
    expect(issues.join('\n')).toMatch(/\(line \d+\)/);
  });
});
