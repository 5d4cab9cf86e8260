import { callTargets } from '../../../local/aws-calls/call-targets';

describe('callTargets: what an AWS call acts on, as IAM reads the request', () => {
  it('names the table and index of a DynamoDB query', () => {
    // Prepare
    const input = { TableName: 'pipegate-local', IndexName: 'gsi2', KeyConditionExpression: 'pk = :pk' };

    // Act
    const targets = callTargets('dynamodb', input, {});

    // Assess
    expect(targets).toEqual([{ kind: 'table', name: 'pipegate-local', index: 'gsi2' }]);
  });

  it("marks the function's own PIPEGATE_TOPIC_ARN as the service topic", () => {
    // Prepare
    const env = { PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:000000000000:pipegate-local' };

    // Act
    const own = callTargets('sns', { TopicArn: env.PIPEGATE_TOPIC_ARN }, env);
    const other = callTargets('sns', { TopicArn: 'arn:aws:sns:eu-west-1:000000000000:oncall' }, env);

    // Assess
    expect(own).toEqual([{ kind: 'topic', arn: env.PIPEGATE_TOPIC_ARN, service: true }]);
    expect(other[0]).toMatchObject({ service: false });
  });

  it('names pipeline, stage and action of PutApprovalResult, and only the pipeline otherwise', () => {
    // Prepare
    const approval = { pipelineName: 'prod-api', stageName: 'Approve', actionName: 'Release', token: 't' };

    // Act
    const decided = callTargets('codepipeline', approval, {});
    const state = callTargets('codepipeline', { name: 'prod-api' }, {});

    // Assess
    expect(decided).toEqual([{ kind: 'pipeline', name: 'prod-api', stage: 'Approve', action: 'Release' }]);
    expect(state).toEqual([{ kind: 'pipeline', name: 'prod-api' }]);
  });

  it('names each SSM parameter and whether it is decrypted', () => {
    // Prepare / Act
    const one = callTargets('ssm', { Name: '/pipegate/dev/link-keys', WithDecryption: true }, {});
    const many = callTargets('ssm', { Names: ['/a', '/b'] }, {});

    // Assess
    expect(one).toEqual([{ kind: 'parameter', name: '/pipegate/dev/link-keys', decrypt: true }]);
    expect(many.map((target) => target.kind === 'parameter' && target.name)).toEqual(['/a', '/b']);
  });

  it('knows no target for a service it does not understand, so the IAM check cannot guess', () => {
    // Prepare / Act
    const targets = callTargets('s3', { Bucket: 'b', Key: 'k' }, {});

    // Assess
    expect(targets).toEqual([]);
  });
});
