import {
  type CfnTemplate,
  referencedId,
  resource,
  resourcesOfType,
  roleIdOf,
} from '../package/cloudformation-template';
import { awsManagedKeyArn, awsManagedKeyPolicy, type DeployedTargets } from './iam-requests';
import { resolveIntrinsics, type TestAccount } from './resolve-intrinsics';

/** A function's execution role, resolved: what IAM evaluates every call the function makes against. */
export interface FunctionRole {
  fn: string;
  roleId: string;
  principalArn: string;
  /** The role's inline policies (its managed ones are AWS's logging policies, never used by our code). */
  policies: Array<{ name: string; policy: { Statement: Array<Record<string, unknown>> } }>;
  deployed: DeployedTargets;
}

/** Each topic's KMS key (ARN and key policy) by topic ARN, for the KMS requests a Publish causes. */
export const topicKeys = (template: CfnTemplate, account: TestAccount): DeployedTargets['topicKeys'] => {
  const keys: DeployedTargets['topicKeys'] = {};
  for (const [id, topic] of resourcesOfType(template, 'AWS::SNS::Topic')) {
    const topicArn = String(resolveIntrinsics(template, { Ref: id }, account));
    const key = topic.Properties.KmsMasterKeyId;
    if (key === 'alias/aws/sns') {
      keys[topicArn] = {
        keyArn: awsManagedKeyArn(account, 'sns'),
        keyPolicy: awsManagedKeyPolicy('sns', account),
      };
      continue;
    }
    const keyId = referencedId(key);
    if (!keyId) continue;
    keys[topicArn] = {
      keyArn: String(resolveIntrinsics(template, { 'Fn::GetAtt': [keyId, 'Arn'] }, account)),
      keyPolicy: resolveIntrinsics(template, resource(template, keyId).Properties.KeyPolicy, account),
    };
  }
  return keys;
};

/**
 * The role of each function of the template (serverless.yml name → resolved role), found through the
 * Lambda function's `Role`, with its environment's table and topic resolved for the same account.
 *
 * @example
 * const roles = functionRoles(template, 'pipegate-dev-', TEST_ACCOUNT);
 * roles.get('ingest')?.policies;
 */
export const functionRoles = (
  template: CfnTemplate,
  namePrefix: string,
  account: TestAccount,
): Map<string, FunctionRole> => {
  const keys = topicKeys(template, account);
  const roles = new Map<string, FunctionRole>();
  for (const [, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const name = String(fn.Properties.FunctionName ?? '');
    if (!name.startsWith(namePrefix)) continue;
    const roleId = roleIdOf(fn);
    const role = resolveIntrinsics(template, resource(template, roleId).Properties, account) as {
      RoleName?: string;
      Policies?: Array<{ PolicyName: string; PolicyDocument: { Statement: Array<Record<string, unknown>> } }>;
    };
    const variables = resolveIntrinsics(
      template,
      (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {},
      account,
    ) as Record<string, string | undefined>;
    roles.set(name.slice(namePrefix.length), {
      fn: name.slice(namePrefix.length),
      roleId,
      principalArn: `arn:${account.partition}:sts::${account.accountId}:assumed-role/${role.RoleName ?? roleId}/${name}`,
      policies: (role.Policies ?? []).map((policy) => ({
        name: policy.PolicyName,
        policy: policy.PolicyDocument,
      })),
      deployed: {
        tableName: variables.PIPEGATE_TABLE,
        serviceTopicArn: variables.PIPEGATE_TOPIC_ARN,
        deciderFunctionName: variables.PIPEGATE_DECIDER_FUNCTION,
        topicKeys: keys,
      },
    });
  }
  return roles;
};
