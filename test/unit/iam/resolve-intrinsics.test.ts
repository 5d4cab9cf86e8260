import { resolveIntrinsics } from '../../iam/resolve-intrinsics';
import type { CfnTemplate } from '../../package/cloudformation-template';

const template: CfnTemplate = {
  Resources: {
    PipegateTable: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    PipegateTopic: { Type: 'AWS::SNS::Topic', Properties: {} },
    AlarmTopicKey: { Type: 'AWS::KMS::Key', Properties: {} },
  },
  Outputs: {},
};

describe('resolveIntrinsics: CloudFormation values in a test account', () => {
  it('resolves GetAtt Arn, Ref and Sub with pseudo parameters and resource attributes', () => {
    // Prepare
    const value = {
      table: { 'Fn::GetAtt': ['PipegateTable', 'Arn'] },
      topic: { Ref: 'PipegateTopic' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      indexes: { 'Fn::Sub': '${PipegateTable.Arn}/index/*' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      parameter: { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/x' },
      joined: { 'Fn::Join': ['-', ['pipegate', { Ref: 'AWS::Region' }]] },
    };

    // Act
    const resolved = resolveIntrinsics(template, value);

    // Assess
    expect(resolved).toEqual({
      table: 'arn:aws:dynamodb:eu-west-1:123456789012:table/PipegateTable',
      topic: 'arn:aws:sns:eu-west-1:123456789012:PipegateTopic',
      indexes: 'arn:aws:dynamodb:eu-west-1:123456789012:table/PipegateTable/index/*',
      parameter: 'arn:aws:ssm:eu-west-1:123456789012:parameter/x',
      joined: 'pipegate-eu-west-1',
    });
  });

  it('gives a KMS key a UUID-shaped id in its ARN', () => {
    // Prepare / Act
    const arn = resolveIntrinsics(template, { 'Fn::GetAtt': ['AlarmTopicKey', 'Arn'] });

    // Assess
    expect(arn).toMatch(
      /^arn:aws:kms:eu-west-1:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('refuses a Ref to something the template does not have', () => {
    // Prepare / Act
    const resolve = () => resolveIntrinsics(template, { Ref: 'Missing' });

    // Assess
    expect(resolve).toThrow('Ref to Missing');
  });
});
