import { evaluateServiceRequest } from '../iam/check-calls';
import { topicKeys } from '../iam/function-roles';
import { resolveIntrinsics, TEST_ACCOUNT } from '../iam/resolve-intrinsics';
import { type CfnTemplate, resourcesOfType } from './cloudformation-template';
import { packagedTemplate } from './support/packaged';

// CloudWatch publishes an alarm to an encrypted topic only if the topic's KMS key policy lets the
// cloudwatch.amazonaws.com service use the key (SNS asks KMS for a data key on its behalf). Evaluated with
// iam-simulate against the key policy in the packaged template.

/** IAM's answer, per alarm topic and KMS action, for CloudWatch publishing to that topic. */
const cloudWatchMayPublish = async (template: CfnTemplate): Promise<string[]> => {
  const keys = topicKeys(template, TEST_ACCOUNT);
  const topics = new Set(
    resourcesOfType(template, 'AWS::CloudWatch::Alarm').flatMap(([, alarm]) =>
      (alarm.Properties.AlarmActions as unknown[]).map((action) =>
        String(resolveIntrinsics(template, action)),
      ),
    ),
  );
  const answers: string[] = [];
  for (const topic of topics) {
    const key = keys[topic];
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      const result = key
        ? await evaluateServiceRequest(
            'cloudwatch.amazonaws.com',
            {
              action,
              resource: key.keyArn,
              context: { 'kms:ViaService': `sns.${TEST_ACCOUNT.region}.${TEST_ACCOUNT.urlSuffix}` },
              resourcePolicy: key.keyPolicy,
            },
            TEST_ACCOUNT,
          )
        : 'Allowed (unencrypted topic)';
      answers.push(`${topic} ${action}: ${result}`);
    }
  }
  return answers;
};

describe('alarm topic encryption', () => {
  it('lets CloudWatch alarms publish to every topic they name', async () => {
    // Prepare
    const template = packagedTemplate();

    // Act
    const answers = await cloudWatchMayPublish(template);

    // Assess
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((answer) => !answer.endsWith(': Allowed'))).toEqual([]);
  });

  it('would refuse them under the AWS-managed key alias/aws/sns (the defect this replaced)', async () => {
    // Prepare
    const template = JSON.parse(JSON.stringify(packagedTemplate())) as CfnTemplate;
    const topic = template.Resources.AlarmTopic;
    if (!topic) throw new Error('no AlarmTopic in the template');
    topic.Properties.KmsMasterKeyId = 'alias/aws/sns';

    // Act
    const answers = await cloudWatchMayPublish(template);

    // Assess
    expect(answers).toEqual([
      'arn:aws:sns:eu-west-1:123456789012:AlarmTopic kms:GenerateDataKey: ImplicitlyDenied',
      'arn:aws:sns:eu-west-1:123456789012:AlarmTopic kms:Decrypt: ImplicitlyDenied',
    ]);
  });
});
