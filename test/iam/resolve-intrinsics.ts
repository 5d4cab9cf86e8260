import type { CfnTemplate } from '../package/cloudformation-template';

/** The account, region and partition a template is resolved for (a test account: nothing is deployed). */
export interface TestAccount {
  accountId: string;
  region: string;
  partition: string;
  urlSuffix: string;
}

export const TEST_ACCOUNT: TestAccount = {
  accountId: '123456789012',
  region: 'eu-west-1',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
};

// A fixed, UUID-shaped id for every KMS key the stack creates: IAM evaluation only needs the ARN's shape.
const keyIdOf = (logicalId: string): string =>
  `${Buffer.from(logicalId).toString('hex').padEnd(32, '0').slice(0, 32)}`.replace(
    /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
    '$1-$2-$3-$4-$5',
  );

/** What `Ref` returns for a resource, as CloudFormation would (physical names are the logical ids here). */
const refOf = (template: CfnTemplate, logicalId: string, account: TestAccount): string => {
  const type = template.Resources[logicalId]?.Type;
  const { partition, region, accountId } = account;
  switch (type) {
    case undefined:
      throw new Error(`Ref to ${logicalId}, which is neither a resource nor a pseudo parameter`);
    case 'AWS::SNS::Topic':
      return `arn:${partition}:sns:${region}:${accountId}:${logicalId}`;
    case 'AWS::KMS::Key':
      return keyIdOf(logicalId);
    case 'AWS::SQS::Queue':
      return `https://sqs.${region}.${account.urlSuffix}/${accountId}/${logicalId}`;
    default:
      return logicalId;
  }
};

/** What `Fn::GetAtt [id, attribute]` returns; `Arn` is built from the resource type's ARN format. */
const getAttOf = (
  template: CfnTemplate,
  logicalId: string,
  attribute: string,
  account: TestAccount,
): string => {
  const type = template.Resources[logicalId]?.Type;
  if (!type) throw new Error(`Fn::GetAtt on ${logicalId}, which is not a resource of the template`);
  const { partition, region, accountId } = account;
  if (attribute !== 'Arn') return `${logicalId}.${attribute}`;
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return `arn:${partition}:dynamodb:${region}:${accountId}:table/${logicalId}`;
    case 'AWS::KMS::Key':
      return `arn:${partition}:kms:${region}:${accountId}:key/${keyIdOf(logicalId)}`;
    case 'AWS::IAM::Role':
      return `arn:${partition}:iam::${accountId}:role/${logicalId}`;
    case 'AWS::Lambda::Function':
      return `arn:${partition}:lambda:${region}:${accountId}:function:${logicalId}`;
    default: {
      const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
      return `arn:${partition}:${service}:${region}:${accountId}:${logicalId}`;
    }
  }
};

const pseudo = (name: string, account: TestAccount): string | undefined =>
  ({
    'AWS::AccountId': account.accountId,
    'AWS::Region': account.region,
    'AWS::Partition': account.partition,
    'AWS::URLSuffix': account.urlSuffix,
    'AWS::StackName': 'pipegate-test',
  })[name];

/**
 * Replaces CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Sub, Fn::Join) in `value` with the strings
 * CloudFormation would produce in `account`, so policies can be evaluated as IAM will see them.
 *
 * @example
 * resolveIntrinsics(template, { 'Fn::GetAtt': ['PipegateTable', 'Arn'] });
 * // 'arn:aws:dynamodb:eu-west-1:123456789012:table/PipegateTable'
 */
export const resolveIntrinsics = (
  template: CfnTemplate,
  value: unknown,
  account: TestAccount = TEST_ACCOUNT,
): unknown => {
  const resolve = (inner: unknown): unknown => resolveIntrinsics(template, inner, account);
  if (Array.isArray(value)) return value.map(resolve);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first) {
    const [key, argument] = first;
    if (key === 'Ref') return pseudo(String(argument), account) ?? refOf(template, String(argument), account);
    if (key === 'Fn::GetAtt') {
      const [id, attribute] = Array.isArray(argument) ? argument : String(argument).split('.');
      return getAttOf(template, String(id), String(attribute), account);
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return (resolve(parts) as unknown[]).join(separator);
    }
    if (key === 'Fn::Sub') {
      const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
      const given = resolve(variables) as Record<string, string>;
      return String(text).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
        if (name in given) return String(given[name]);
        const known = pseudo(name, account);
        if (known) return known;
        const [id, attribute] = name.split('.');
        return attribute
          ? getAttOf(template, String(id), attribute, account)
          : refOf(template, name, account);
      });
    }
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, resolve(inner)]));
};
