import type { CallTarget, RecordedCall } from '../../local/aws-calls/recorded-call';
import type { TestAccount } from './resolve-intrinsics';

/** One authorization request IAM evaluates for a call: the action, the resource ARN and its context keys. */
export interface IamRequest {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  /** The resource's own policy when IAM consults one (KMS key policies always are). */
  resourcePolicy?: unknown;
}

/** What a function's deployed environment points at (resolved from its template `Environment`). */
export interface DeployedTargets {
  /** The table every DynamoDB call goes to (pipegate has exactly one). */
  tableName?: string;
  /** PIPEGATE_TOPIC_ARN: the service topic. */
  serviceTopicArn?: string;
  /** PIPEGATE_DECIDER_FUNCTION: the function slack-interactions invokes (locally it has a local name). */
  deciderFunctionName?: string;
  /** How each topic of the template is encrypted: a KMS key ARN with its policy, by topic ARN. */
  topicKeys: Record<string, { keyArn: string; keyPolicy: unknown }>;
}

/**
 * The key policy AWS writes for its managed keys (`alias/aws/ssm`, `alias/aws/sns`): every principal of the
 * account may use the key, but only through that service. Documented in the KMS developer guide.
 */
export const awsManagedKeyPolicy = (service: string, account: TestAccount): unknown => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:CallerAccount': account.accountId,
          'kms:ViaService': `${service}.${account.region}.${account.urlSuffix}`,
        },
      },
    },
  ],
});

/** An AWS-managed key's ARN (its id is AWS's; any UUID shows the shape). */
export const awsManagedKeyArn = (account: TestAccount, service: string): string =>
  `arn:${account.partition}:kms:${account.region}:${account.accountId}:key/00000000-0000-4000-8000-${service === 'ssm' ? '000000000055' : '000000000005'}`;

const kmsVia = (
  service: string,
  account: TestAccount,
  alias?: string,
): Record<string, string | string[]> => ({
  'kms:ViaService': `${service}.${account.region}.${account.urlSuffix}`,
  'kms:CallerAccount': account.accountId,
  ...(alias ? { 'kms:ResourceAliases': [alias] } : {}),
});

const requestsFor = (
  call: RecordedCall,
  target: CallTarget,
  deployed: DeployedTargets,
  account: TestAccount,
): IamRequest[] => {
  const action = `${call.service}:${call.action}`;
  const arnPrefix = `arn:${account.partition}:${call.service}:${account.region}:${account.accountId}`;
  switch (target.kind) {
    case 'table': {
      // Locally each test names its own table; deployed, the function only knows the stack's table.
      const table = `${arnPrefix}:table/${deployed.tableName ?? '(PIPEGATE_TABLE not set)'}`;
      const resource = target.index ? `${table}/index/${target.index}` : table;
      return [{ action, resource, context: {} }];
    }
    case 'pipeline': {
      const path = target.stage && target.action ? `/${target.stage}/${target.action}` : '';
      return [{ action, resource: `${arnPrefix}:${target.name}${path}`, context: {} }];
    }
    case 'parameter': {
      const parameter = { action, resource: `${arnPrefix}:parameter${target.name}`, context: {} };
      if (!target.decrypt) return [parameter];
      // SecureStrings are under alias/aws/ssm; SSM decrypts with the caller's own permissions.
      const decrypt = {
        action: 'kms:Decrypt',
        resource: awsManagedKeyArn(account, 'ssm'),
        context: kmsVia('ssm', account, 'alias/aws/ssm'),
        resourcePolicy: awsManagedKeyPolicy('ssm', account),
      };
      return [parameter, decrypt];
    }
    case 'function': {
      // Invoke is authorised as lambda:InvokeFunction on the deployed function the environment names.
      const name = deployed.deciderFunctionName ?? '(PIPEGATE_DECIDER_FUNCTION not set)';
      return [{ action: 'lambda:InvokeFunction', resource: `${arnPrefix}:function:${name}`, context: {} }];
    }
    case 'topic': {
      const topicArn = target.service
        ? (deployed.serviceTopicArn ?? '(PIPEGATE_TOPIC_ARN not set)')
        : target.arn;
      const publish = { action, resource: topicArn, context: {} };
      const key = deployed.topicKeys[topicArn];
      if (!key || call.action !== 'Publish') return [publish];
      // Publishing to an encrypted topic: SNS asks KMS for a data key and decrypts it as the publisher.
      return [
        publish,
        ...['kms:GenerateDataKey', 'kms:Decrypt'].map((kmsAction) => ({
          action: kmsAction,
          resource: key.keyArn,
          context: kmsVia('sns', account),
          resourcePolicy: key.keyPolicy,
        })),
      ];
    }
  }
};

/**
 * The IAM requests one recorded call causes once deployed, with local names replaced by the stack's: the
 * call's own action on its resource, plus the KMS requests the service makes on the caller's behalf.
 * A call with no target it understands becomes a request on resource `*` — which no role here grants.
 */
export const iamRequestsFor = (
  call: RecordedCall,
  deployed: DeployedTargets,
  account: TestAccount,
): IamRequest[] =>
  call.targets.length === 0
    ? [{ action: `${call.service}:${call.action}`, resource: '*', context: {} }]
    : call.targets.flatMap((target) => requestsFor(call, target, deployed, account));
