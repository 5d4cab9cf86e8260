import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordedCalls } from '../../local/aws-calls/record-aws-calls';
import type { RecordedCall } from '../../local/aws-calls/recorded-call';
import { FUNCTION_NAMES } from '../aws-calls/function-names';
import { readRecordings } from '../aws-calls/read-recordings';
import { AWS_CALLS_ROOT, INTEGRATION_CALLS_DIR } from '../aws-calls/recording-dirs';
import { denialsOf, describeDenial, type Evaluation, evaluateCalls } from '../iam/check-calls';
import { functionRoles } from '../iam/function-roles';
import { TEST_ACCOUNT } from '../iam/resolve-intrinsics';
import { grantTable, grantUse } from '../iam/unused-grants';
import type { CfnTemplate } from './cloudformation-template';
import { driveEveryFunction } from './support/drive-every-function';
import { packagedTemplate } from './support/packaged';

// What AWS enforces, the tests enforce: every AWS call the functions made — in this file's own run through
// the local stack, and in the integration suite when it ran before (npm test) — is evaluated with a real IAM
// policy evaluator against the calling function's role in the template `osls package` generated.

const namePrefix = 'pipegate-dev-';

/** Granted on purpose, though no recorded call uses them. Each entry says why tests cannot reach it. */
const GRANTED_UNREACHED: Record<string, readonly string[]> = Object.fromEntries(
  FUNCTION_NAMES.map((fn) => [
    fn,
    [
      // The Lambda service, not our code, writes each function's logs with its role.
      'logs:CreateLogStream',
      'logs:CreateLogGroup',
      'logs:TagResource',
      'logs:PutLogEvents',
      // ingest's SQS event source mapping (the Lambda service) polls and deletes with ingest's role.
      ...(fn === 'ingest' ? ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'] : []),
      // After a decision, the deciders re-render the run's Slack card (a conditional UpdateItem claims the
      // render) only when ingest has not yet rendered the latest summary — a race no test can force.
      ...(fn === 'approval-decider' || fn === 'approval-links' ? ['dynamodb:UpdateItem'] : []),
      // slack-interactions updates only the per-minute counter of forged requests (UpdateItem ADD): the security
      // suite drives that, and its calls are not among the recordings this file reads.
      ...(fn === 'slack-interactions' ? ['dynamodb:UpdateItem'] : []),
      // Lambda itself sends a decision job that failed every attempt to the DLQ (on-failure destination),
      // with the decider's role; no test can make Lambda's service do that.
      ...(fn === 'approval-decider' ? ['sqs:SendMessage'] : []),
      // A link's nonce reservation is given back only when the decision then fails (a refusal, or a
      // CodePipeline 503): the integration suite forces that (link-hardening), this file's scenario does not.
      ...(fn === 'approval-links' ? ['dynamodb:DeleteItem'] : []),
      // Member accounts: the SDK's own nested STS client inside fromTemporaryCredentials makes AssumeRole,
      // which the call recorder does not see. many-accounts.test.ts proves this grant with the IAM evaluator
      // (these four functions' roles and the member role's trust), and test/integration/accounts drives it.
      ...(fn === 'audit-api' ? [] : ['sts:AssumeRole']),
    ],
  ]),
);

let template: CfnTemplate;
let calls: RecordedCall[];
let evaluations: Evaluation[];

beforeAll(async () => {
  template = packagedTemplate();
  await driveEveryFunction();
  calls = [...recordedCalls(), ...readRecordings(INTEGRATION_CALLS_DIR)];
  evaluations = await evaluateCalls(calls, functionRoles(template, namePrefix, TEST_ACCOUNT), TEST_ACCOUNT);
}, 120_000);

describe('IAM proven from the calls the code really makes', () => {
  it('recorded calls from every function', () => {
    // Prepare / Act
    const callers = new Set(calls.map((call) => call.fn));

    // Assess
    expect([...callers].sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  it('allows every recorded call by the role of the function that made it', () => {
    // Prepare / Act
    const denials = denialsOf(evaluations).map(describeDenial);

    // Assess
    expect(denials).toEqual([]);
  });

  it('names function, action and resource when a role lacks a permission a call needs', async () => {
    // Prepare: a copy of the template whose ingest role no longer allows dynamodb:PutItem.
    const stripped = JSON.parse(JSON.stringify(template)) as CfnTemplate;
    const role = functionRoles(stripped, namePrefix, TEST_ACCOUNT).get('ingest');
    const policies = stripped.Resources[role?.roleId ?? '']?.Properties.Policies as Array<{
      PolicyDocument: { Statement: Array<{ Action: string | string[] }> };
    }>;
    for (const statement of policies.flatMap((policy) => policy.PolicyDocument.Statement)) {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      statement.Action = actions.filter((action) => action !== 'dynamodb:PutItem');
    }

    // Act
    const denials = denialsOf(
      await evaluateCalls(calls, functionRoles(stripped, namePrefix, TEST_ACCOUNT), TEST_ACCOUNT),
    ).map(describeDenial);

    // Assess
    expect(denials).toEqual([
      'ingest: dynamodb:PutItem on arn:aws:dynamodb:eu-west-1:123456789012:table/PipegateTable would be ImplicitlyDenied',
    ]);
  });

  it('grants no action that no recorded call uses, beyond the commented allow-list', () => {
    // Prepare
    const roles = functionRoles(template, namePrefix, TEST_ACCOUNT);

    // Act
    const uses = grantUse(roles, evaluations, GRANTED_UNREACHED);
    mkdirSync(AWS_CALLS_ROOT, { recursive: true });
    writeFileSync(join(AWS_CALLS_ROOT, 'grants.md'), `${grantTable(uses, GRANTED_UNREACHED)}\n`);

    // Assess
    expect(
      uses.filter((use) => use.unused.length > 0).map((use) => `${use.fn}: ${use.unused.join(', ')}`),
    ).toEqual([]);
  });
});
