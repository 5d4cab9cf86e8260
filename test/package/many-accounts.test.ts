import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { specification } from '@aws-cdk/cfnspec';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { parse } from 'yaml';
import {
  asList,
  type CfnTemplate,
  lambdaFunction,
  type PolicyStatement,
  readTemplate,
  resource,
  roleIdOf,
  roleStatements,
} from './cloudformation-template';
import { resolveIntrinsics } from './resolve-intrinsics';

// Packages serverless.yml with the central bus switched on, and reads member/template.yml, then asks a real
// IAM evaluator whether the policies let exactly the right principals in (README "Many accounts").

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '../..');
const osls = join(repoRoot, 'node_modules', 'osls', 'bin', 'serverless.js');
const CENTRAL = '123456789012';
const B = '210987654321';
const ORG = 'o-a1b2c3d4e5';
const BUS_ARN = `arn:aws:events:eu-west-1:${CENTRAL}:event-bus/pipegate-central`;
const roleArnOf = (fn: string) => `arn:aws:iam::${CENTRAL}:role/pipegate-dev-${fn}-eu-west-1-lambdaRole`;
// slack-interactions hands decisions to approval-decider and never calls CodePipeline itself.
const DECIDERS = ['ingest', 'approval-decider', 'approval-links', 'sweeper'];
const MEMBER_ROLE = `arn:aws:iam::${B}:role/pipegate-member`;

let scratchDir: string;
let template: CfnTemplate;
type MemberTemplate = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
const member = parse(readFileSync(join(repoRoot, 'member', 'template.yml'), 'utf8')) as MemberTemplate;

beforeAll(async () => {
  scratchDir = mkdtempSync(join(tmpdir(), 'pipegate-accounts-package-'));
  const childTmp = join(scratchDir, 'tmp');
  mkdirSync(childTmp);
  const params = [
    `centralBusName=pipegate-central`,
    `memberAccountIds=${B},333333333333`,
    `memberOrgId=${ORG}`,
  ];
  await run(
    process.execPath,
    [
      osls,
      'package',
      '--stage',
      'dev',
      '--package',
      join(scratchDir, 'package'),
      ...params.map((p) => `--param=${p}`),
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        TMPDIR: childTmp,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'eu-west-1',
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  template = readTemplate(join(scratchDir, 'package', 'cloudformation-template-update-stack.json'));
}, 240_000);

afterAll(() => {
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
});

const centralRefs = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': CENTRAL,
  'CentralEventBus.Arn': BUS_ARN,
  CentralEventBus: 'pipegate-central',
};
const memberRefs = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-west-2',
  'AWS::AccountId': B,
  CentralAccountId: CENTRAL,
  CentralEventBusArn: BUS_ARN,
  CentralRoleArns: DECIDERS.map(roleArnOf),
  RoleName: 'pipegate-member',
  PipelineNamePrefix: '',
  'ForwardRole.Arn': `arn:aws:iam::${B}:role/pipegate-member-ForwardRole-X`,
};

const allowed = async (simulation: Parameters<typeof runSimulation>[0]): Promise<boolean> => {
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult === 'Allowed';
};
const policy = (statements: unknown) => ({ Version: '2012-10-17', Statement: statements });

describe('central stack for many accounts', () => {
  const busPolicy = () =>
    policy(
      ['CentralBusMemberAccountsPolicy', 'CentralBusOrganizationPolicy'].map(
        (id) =>
          resolveIntrinsics(resource(template, id).Properties.Statement, centralRefs) as PolicyStatement,
      ),
    );
  const putEvents = (principal: string, context: Record<string, string | string[]>) =>
    allowed({
      identityPolicies: [
        {
          name: 'forward',
          policy: policy([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: BUS_ARN }]),
        },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: busPolicy(),
      request: {
        action: 'events:PutEvents',
        principal,
        resource: { accountId: CENTRAL, resource: BUS_ARN },
        contextVariables: context,
      },
    });

  it('creates the bus and puts the CodePipeline rule on it, still listening on the default bus', () => {
    // Prepare / Act
    const rule = resource(template, 'PipelineEventsRule');
    const home = resource(template, 'HomePipelineEventsRule');
    const queuePolicy = resolveIntrinsics(
      resource(template, 'PipelineEventsQueuePolicy').Properties.PolicyDocument,
      {
        ...centralRefs,
        'PipelineEventsRule.Arn': 'central-rule',
        'HomePipelineEventsRule.Arn': 'home-rule',
        'AWS::NoValue': 'none',
        IngestQueue: 'queue',
        IngestDLQ: 'dlq',
        'IngestQueue.Arn': 'queue-arn',
        'IngestDLQ.Arn': 'dlq-arn',
      },
      { CreateCentralBus: true },
    );

    // Assess
    expect(home.Properties.EventBusName).toBe('default');
    expect(home.Properties.EventPattern).toEqual(rule.Properties.EventPattern);
    expect(JSON.stringify(home.Properties.Targets)).toBe(JSON.stringify(rule.Properties.Targets));
    expect(JSON.stringify(queuePolicy)).toContain('"aws:SourceArn":["central-rule","home-rule"]');
    expect(resource(template, 'CentralEventBus').Properties.Name).toBe('pipegate-central');
    expect(resolveIntrinsics(rule.Properties.EventBusName, centralRefs, { CreateCentralBus: true })).toBe(
      'pipegate-central',
    );
  });

  it('admits CodePipeline events from listed accounts and the organization, nothing else', async () => {
    // Prepare
    const fromB = `arn:aws:iam::${B}:role/forward`;
    const fromOrgAccount = 'arn:aws:iam::444444444444:role/forward';

    // Act
    const listed = await putEvents(fromB, { 'events:source': ['aws.codepipeline'] });
    const inOrg = await putEvents(fromOrgAccount, {
      'events:source': ['aws.codepipeline'],
      'aws:PrincipalOrgID': ORG,
    });
    const outsideOrg = await putEvents(fromOrgAccount, {
      'events:source': ['aws.codepipeline'],
      'aws:PrincipalOrgID': 'o-zzzzzzzzzz',
    });
    const otherSource = await putEvents(fromB, { 'events:source': ['acme.payments'] });

    // Assess
    expect({ listed, inOrg, outsideOrg, otherSource }).toEqual({
      listed: true,
      inOrg: true,
      outsideOrg: false,
      otherSource: false,
    });
  });

  it('lets exactly the functions that call CodePipeline assume the member role, and only that role', () => {
    // Prepare / Act
    const assumers = [
      'ingest',
      'slack-interactions',
      'approval-decider',
      'approval-links',
      'audit-api',
      'sweeper',
    ].filter((fn) =>
      roleStatements(resource(template, roleIdOf(lambdaFunction(template, `pipegate-dev-${fn}`)[1]))).some(
        (s) => asList(s.Action).includes('sts:AssumeRole'),
      ),
    );
    const grants = roleStatements(
      resource(template, roleIdOf(lambdaFunction(template, 'pipegate-dev-ingest')[1])),
    )
      .filter((s) => asList(s.Action).includes('sts:AssumeRole'))
      .map((s) => resolveIntrinsics(s.Resource, centralRefs));

    // Assess
    expect(assumers).toEqual(DECIDERS);
    expect(grants).toEqual(['arn:aws:iam::*:role/pipegate-member']);
  });
});

describe('member/template.yml', () => {
  const memberRole = () =>
    resolveIntrinsics(member.Resources.MemberRole?.Properties, memberRefs) as {
      AssumeRolePolicyDocument: unknown;
      Policies: Array<{ PolicyDocument: unknown }>;
    };
  const centralIdentity = (fn: string) => ({
    name: fn,
    policy: policy(
      roleStatements(resource(template, roleIdOf(lambdaFunction(template, `pipegate-dev-${fn}`)[1])))
        .filter((s) => asList(s.Action).some((action) => action.startsWith('sts:')))
        .map((s) => resolveIntrinsics(s, centralRefs) as PolicyStatement),
    ),
  });
  const assume = (fn: string, principal = roleArnOf(fn)) =>
    allowed({
      // Outsiders may assume anything as far as their own account goes: only the trust policy stops them.
      identityPolicies:
        fn === 'outsider'
          ? [{ name: 'any', policy: policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]) }]
          : [centralIdentity(fn)],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: memberRole().AssumeRolePolicyDocument as never,
      request: {
        action: 'sts:AssumeRole',
        principal,
        resource: { accountId: B, resource: MEMBER_ROLE },
        contextVariables: { 'aws:PrincipalArn': principal },
      },
    });
  const call = (action: string, resourceArn: string) =>
    allowed({
      identityPolicies: [{ name: 'member', policy: memberRole().Policies[0]?.PolicyDocument as never }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action,
        principal: `arn:aws:sts::${B}:assumed-role/pipegate-member/pipegate`,
        resource: { accountId: resourceArn.split(':')[4] ?? B, resource: resourceArn },
        contextVariables: {},
      },
    });

  it('uses only properties CloudFormation knows for each resource type', () => {
    // Prepare
    const spec = specification();

    // Act
    const unknown = Object.entries(member.Resources).flatMap(([id, { Type, Properties }]) => {
      const known = Object.keys(spec.ResourceTypes[Type]?.Properties ?? {});
      return Object.keys(Properties)
        .filter((name) => !known.includes(name))
        .map((name) => `${id}.${name}`);
    });

    // Assess
    expect(unknown).toEqual([]);
  });

  it('forwards the three CodePipeline detail-types to the central bus', () => {
    // Prepare / Act
    const rule = resolveIntrinsics(member.Resources.ForwardRule?.Properties, memberRefs) as {
      EventPattern: { source: string[]; 'detail-type': string[] };
      Targets: Array<{ Arn: string }>;
    };

    // Assess
    expect(rule.EventPattern.source).toEqual(['aws.codepipeline']);
    expect(rule.EventPattern['detail-type']).toHaveLength(3);
    expect(rule.Targets.map((target) => target.Arn)).toEqual([BUS_ARN]);
  });

  it('lets the central deciding functions assume the member role, and nobody else', async () => {
    // Act
    const deciders = await Promise.all(DECIDERS.map((fn) => assume(fn)));
    const auditApi = await assume('audit-api');
    const otherAccount = await assume(
      'outsider',
      'arn:aws:iam::999999999999:role/pipegate-dev-ingest-eu-west-1-lambdaRole',
    );
    const otherCentralRole = await assume('outsider', `arn:aws:iam::${CENTRAL}:role/admin`);

    // Assess
    expect(deciders).toEqual([true, true, true, true]);
    expect({ auditApi, otherAccount, otherCentralRole }).toEqual({
      auditApi: false,
      otherAccount: false,
      otherCentralRole: false,
    });
  });

  it('allows the five CodePipeline calls pipegate makes on this account’s pipelines, and nothing else', async () => {
    // Prepare
    const pipeline = `arn:aws:codepipeline:us-west-2:${B}:payments-api`;
    const action = `${pipeline}/Approval/ManualApproval`;

    // Act
    const used = await Promise.all([
      call('codepipeline:GetPipeline', pipeline),
      call('codepipeline:GetPipelineState', pipeline),
      call('codepipeline:GetPipelineExecution', pipeline),
      call('codepipeline:ListActionExecutions', pipeline),
      call('codepipeline:PutApprovalResult', action),
    ]);
    const unused = await Promise.all([
      call('codepipeline:StartPipelineExecution', pipeline),
      call('codepipeline:UpdatePipeline', pipeline),
      call('codepipeline:DeletePipeline', pipeline),
      call(
        'codepipeline:PutApprovalResult',
        `arn:aws:codepipeline:us-west-2:333333333333:payments-api/Approval/ManualApproval`,
      ),
    ]);

    // Assess
    expect(used).toEqual([true, true, true, true, true]);
    expect(unused).toEqual([false, false, false, false]);
  });
});
