import { explainApprovers } from '../../../shared/config/explain-approvers';
import { parseConfig } from '../../../shared/config/load-config';
import { PipegateError } from '../../../shared/errors';

const parse = (approval: string) =>
  parseConfig(`approvals:\n  - match: { pipelines: ["*"] }\n${approval}`, {
    source: 'pipegate.config.yaml',
    env: { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:pipegate' },
  });

const issuesOf = (approval: string): string[] => {
  try {
    parse(approval);
  } catch (error) {
    if (error instanceof PipegateError) return error.details.issues as string[];
    throw error;
  }
  throw new Error('the config was accepted');
};

describe('quorum fields in approval policies', () => {
  it('reads required and distinctGroups', () => {
    // Prepare
    const approval =
      '    slack: { userGroups: [S0RELEASE, S0SECURITY] }\n    required: 2\n    distinctGroups: true\n';

    // Act
    const [policy] = parse(approval).approvals;

    // Assess
    expect(policy).toMatchObject({ required: 2, distinctGroups: true });
  });

  it.each([
    [
      'more approvers required than the policy lists',
      '    slack: { users: [U0JANE001] }\n    emails: [sam@example.com]\n    required: 3\n',
      'approvals[0].required: required: 3 can never be met: the policy lists only 2 possible approvers',
    ],
    [
      'one person listed twice in the same list',
      '    emails: [jane@example.com, JANE@example.com]\n    required: 2\n',
      'only 1 possible approver (',
    ],
    [
      'distinct groups without enough groups',
      '    slack: { userGroups: [S0RELEASE] }\n    required: 2\n    distinctGroups: true\n',
      'approvals[0].distinctGroups: distinctGroups: true needs at least 2 slack.userGroups (one group per approver), found 1 ("S0RELEASE")',
    ],
    [
      'distinct groups for a single approver',
      '    slack: { userGroups: [S0RELEASE, S0SECURITY] }\n    distinctGroups: true\n',
      'distinctGroups: true needs required: 2 or more',
    ],
    [
      'a quorum of zero',
      '    emails: [jane@example.com]\n    required: 0\n',
      'approvals[0].required: must be at least 1',
    ],
    ['an absurd quorum', '    slack: { userGroups: [S0RELEASE] }\n    required: 50\n', 'must be at most 10'],
  ])('explains %s', (_name, approval, expected) => {
    // Act
    const issues = issuesOf(approval);

    // Assess
    expect(issues.join('\n')).toContain(expected);
  });

  it('accepts a quorum a user group could meet, whatever the listed users', () => {
    // Act
    const [policy] = parse(
      '    slack: { users: [U0JANE001], userGroups: [S0RELEASE] }\n    required: 3\n',
    ).approvals;

    // Assess
    expect(policy?.required).toBe(3);
  });

  it('says in config check how the quorum works', () => {
    // Prepare
    const config = parse(
      '    slack: { userGroups: [S0RELEASE, S0SECURITY] }\n    required: 2\n    distinctGroups: true\n',
    );

    // Act
    const lines = explainApprovers(config);

    // Assess
    expect(lines).toContain(
      '  quorum: 2 different people must approve from 2 different user groups (S0RELEASE, S0SECURITY), one each — ' +
        'a listed user or address counts only as a member of one of them; a person counts once across Slack and email; ' +
        'CodePipeline is told when the last one approves; one reject ends it',
    );
  });
});
