import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  asList,
  type CfnResource,
  type CfnTemplate,
  lambdaFunction,
  only,
  type PolicyStatement,
  referencedId,
  resource,
  resourcesOfType,
  roleIdOf,
  roleStatements,
  zipEntryNames,
} from './cloudformation-template';
import { packagedDir, packagedTemplate } from './support/packaged';

// Checks the template and zips that `osls deploy` would upload (DESIGN.md §6).

const stage = 'dev';
const functionNames = [
  'ingest',
  'slack-interactions',
  'approval-decider',
  'approval-links',
  'audit-api',
  'sweeper',
];
const deployedName = (name: string): string => `pipegate-${stage}-${name}`;
const codePipelineDetailTypes = [
  'CodePipeline Pipeline Execution State Change',
  'CodePipeline Stage Execution State Change',
  'CodePipeline Action Execution State Change',
];
const maxZipBytes = 1.5 * 1024 * 1024;

// Packaged once for the whole project by test/package/global-setup.ts.
const packageDir = packagedDir();
const template: CfnTemplate = packagedTemplate();

/** The function's own IAM role (serverless-iam-roles-per-function). */
const roleOf = (name: string): CfnResource => resource(template, roleIdOf(lambdaFunction(template, name)[1]));

/** Every dynamodb:* action a function's role grants, with the resources of those statements. */
const dynamoGrants = (name: string): { actions: string[]; resources: unknown[] } => {
  const statements = roleStatements(roleOf(deployedName(name))).filter((statement) =>
    asList(statement.Action).some((action) => action.startsWith('dynamodb:')),
  );
  return {
    actions: statements.flatMap((statement) => asList(statement.Action)).sort(),
    resources: statements.flatMap((statement) => asList(statement.Resource)),
  };
};

/** The SQS queue the ingest function consumes (from its event source mapping). */
const ingestQueueId = (): string => {
  const [ingestId] = lambdaFunction(template, deployedName('ingest'));
  const mapping = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').find(
    ([, candidate]) => referencedId(candidate.Properties.FunctionName) === ingestId,
  );
  const queueId = referencedId(mapping?.[1].Properties.EventSourceArn);
  if (!queueId) throw new Error('ingest has no SQS event source mapping to a queue in this template');
  return queueId;
};

/** The dead-letter queue named by the ingest queue's RedrivePolicy. */
const ingestDlqId = (): string => {
  const redrive = resource(template, ingestQueueId()).Properties.RedrivePolicy as {
    deadLetterTargetArn: unknown;
  };
  const dlqId = referencedId(redrive.deadLetterTargetArn);
  if (!dlqId) throw new Error('ingest queue has no dead-letter queue in this template');
  return dlqId;
};

// CloudFormation Fn::Sub strings as osls emits them (their ${…} are CloudFormation's, not JavaScript's).
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
const tableIndexesArn = { 'Fn::Sub': '${PipegateTable.Arn}/index/*' };
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
const publicUrl = 'https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}';
const tableAndIndexes = [{ 'Fn::GetAtt': ['PipegateTable', 'Arn'] }, tableIndexesArn];

describe('osls package: DynamoDB table', () => {
  it('is on-demand with point-in-time recovery, encryption at rest and TTL on expiresAt', () => {
    // Prepare
    const [, table] = only(resourcesOfType(template, 'AWS::DynamoDB::Table'), 'DynamoDB table');

    // Act
    const properties = table.Properties;

    // Assess
    expect(properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('has the four GSIs', () => {
    // Prepare
    const table = resource(template, 'PipegateTable');

    // Act
    const indexNames = (table.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string }>).map(
      (index) => index.IndexName,
    );

    // Assess
    expect(indexNames.sort()).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4']);
  });

  it('is retained when the stack is deleted or the table replaced', () => {
    // Prepare / Act
    const table = resource(template, 'PipegateTable');

    // Assess
    expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('osls package: ingest queue and dead-letter queue', () => {
  it('redrives to the DLQ after 5 receives, with SSE and a visibility timeout of 6 × the ingest timeout', () => {
    // Prepare
    const ingestTimeout = lambdaFunction(template, deployedName('ingest'))[1].Properties.Timeout as number;

    // Act
    const queue = resource(template, ingestQueueId());

    // Assess
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { maxReceiveCount: 5 },
    });
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * ingestTimeout);
    expect(ingestDlqId()).toBe('IngestDLQ');
  });

  it('keeps dead letters 14 days, encrypted', () => {
    // Prepare / Act
    const dlq = resource(template, ingestDlqId());

    // Assess
    expect(dlq.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('feeds ingest in batches of 10 with partial batch failures', () => {
    // Prepare
    const [ingestId] = lambdaFunction(template, deployedName('ingest'));

    // Act
    const mapping = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').find(
      ([, candidate]) => referencedId(candidate.Properties.FunctionName) === ingestId,
    );

    // Assess
    expect(mapping?.[1].Properties).toMatchObject({
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('alarms as soon as one message is visible in the DLQ', () => {
    // Prepare
    const dlqId = ingestDlqId();

    // Act
    const dlqAlarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(([, alarm]) => {
      const dimensions = alarm.Properties.Dimensions as Array<{ Name: string; Value: unknown }>;
      return (
        alarm.Properties.Namespace === 'AWS/SQS' &&
        dimensions.some((dimension) => referencedId(dimension.Value) === dlqId)
      );
    });

    // Assess
    expect(only(dlqAlarms, 'DLQ alarm')[1].Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
  });

  it('alarms on ingest function errors', () => {
    // Prepare
    const [ingestId] = lambdaFunction(template, deployedName('ingest'));

    // Act
    const errorAlarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(
      ([, alarm]) =>
        alarm.Properties.MetricName === 'Errors' &&
        (alarm.Properties.Dimensions as Array<{ Value: unknown }>).some(
          (dimension) => referencedId(dimension.Value) === ingestId,
        ),
    );

    // Assess
    expect(only(errorAlarms, 'ingest errors alarm')[1].Properties).toMatchObject({
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('osls package: EventBridge rule', () => {
  // The unconditional rule; the default-bus rule that exists only with a central bus is checked in
  // many-accounts.test.ts.
  const codePipelineRules = (): Array<[string, CfnResource]> =>
    resourcesOfType(template, 'AWS::Events::Rule').filter(
      ([, rule]) => rule.Properties.EventPattern !== undefined && !('Condition' in rule),
    );

  it('matches source aws.codepipeline and exactly the three CodePipeline detail-types', () => {
    // Prepare / Act
    const rules = codePipelineRules();

    // Assess
    const pattern = only(rules, 'CodePipeline rule')[1].Properties.EventPattern as Record<string, string[]>;
    expect(pattern.source).toEqual(['aws.codepipeline']);
    expect([...(pattern['detail-type'] ?? [])].sort()).toEqual([...codePipelineDetailTypes].sort());
  });

  it('targets the ingest queue, with retries and the DLQ for undeliverable events', () => {
    // Prepare
    const [, rule] = only(codePipelineRules(), 'CodePipeline rule');

    // Act
    const target = only(rule.Properties.Targets as Array<Record<string, unknown>>, 'rule target');

    // Assess
    expect(referencedId(target.Arn)).toBe(ingestQueueId());
    expect(referencedId((target.DeadLetterConfig as { Arn: unknown }).Arn)).toBe(ingestDlqId());
    expect(target.RetryPolicy).toBeDefined();
  });

  it('may send to the queue only on behalf of this rule', () => {
    // Prepare
    const [ruleId] = only(codePipelineRules(), 'CodePipeline rule');

    // Act
    const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy').filter(([, policy]) =>
      (policy.Properties.Queues as unknown[]).some((queue) => referencedId(queue) === ingestQueueId()),
    );

    // Assess
    const [, policy] = only(policies, 'queue policy for the ingest queue');
    const statements = (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement;
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Condition: {
          ArnEquals: {
            'aws:SourceArn': [
              { 'Fn::GetAtt': [ruleId, 'Arn'] },
              {
                'Fn::If': [
                  'CreateCentralBus',
                  { 'Fn::GetAtt': ['HomePipelineEventsRule', 'Arn'] },
                  { Ref: 'AWS::NoValue' },
                ],
              },
            ],
          },
        },
      }),
    ]);
  });
});

describe('osls package: per-function IAM', () => {
  it('gives every function a role of its own', () => {
    // Prepare / Act
    const roleIds = functionNames.map((name) => roleIdOf(lambdaFunction(template, deployedName(name))[1]));

    // Assess
    expect(new Set(roleIds).size).toBe(functionNames.length);
  });

  it('lets ingest only GetItem, PutItem, UpdateItem and Query on the table and its indexes', () => {
    // Prepare / Act
    const grants = dynamoGrants('ingest');

    // Assess
    expect(grants.actions).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(grants.resources).toEqual(tableAndIndexes);
  });

  it('lets audit-api only read the table and its indexes by key (Query, BatchGetItem — never Scan or a write)', () => {
    // Prepare / Act
    const grants = dynamoGrants('audit-api');

    // Assess: gsi1 holds keys only, so the executions listing reads each page's summaries with one BatchGetItem.
    expect(grants.actions).toEqual(['dynamodb:BatchGetItem', 'dynamodb:Query']);
    expect(grants.resources).toEqual(tableAndIndexes);
  });

  it.each(functionNames)('%s may read exactly the SSM parameters its environment names', (name) => {
    // Prepare
    const [, fn] = lambdaFunction(template, deployedName(name));
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const named = Object.entries(variables)
      .filter(([variable]) => variable.endsWith('_PARAMETER'))
      .map(([, value]) => String(value));

    // Act
    const readable = roleStatements(roleOf(deployedName(name)))
      .filter((statement) => asList(statement.Action).some((action) => action.startsWith('ssm:')))
      .flatMap((statement) => asList(statement.Resource as unknown))
      .map((arn) => /:parameter(\/.*)$/.exec(String((arn as { 'Fn::Sub'?: unknown })['Fn::Sub']))?.[1]);

    // Assess
    expect(readable.sort()).toEqual(named.sort());
  });

  it('grants PutApprovalResult only to the two functions that decide approvals (not the Slack endpoint)', () => {
    // Prepare
    const grantsApproval = (name: string): boolean =>
      roleStatements(roleOf(deployedName(name))).some((statement) =>
        asList(statement.Action).includes('codepipeline:PutApprovalResult'),
      );

    // Act
    const deciders = functionNames.filter(grantsApproval);

    // Assess
    expect(deciders.sort()).toEqual(['approval-decider', 'approval-links']);
  });

  it.each(functionNames)('%s has no wildcard action and no Resource "*"', (name) => {
    // Prepare
    const statements = roleStatements(roleOf(deployedName(name)));

    // Act
    const wildcardActions = statements
      .flatMap((statement) => asList(statement.Action))
      .filter((action) => action === '*' || action.endsWith(':*'));
    const starResources = statements.filter((statement) => asList(statement.Resource).includes('*'));

    // Assess
    expect(statements.length).toBeGreaterThan(0);
    expect(wildcardActions).toEqual([]);
    expect(starResources).toEqual([]);
  });
});

describe('osls package: HTTP API', () => {
  const routes = (): Array<Record<string, unknown>> =>
    resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);

  it('requires AWS_IAM on every audit route', () => {
    // Prepare / Act
    const auditRoutes = routes().filter((route) => String(route.RouteKey).startsWith('GET /audit/'));

    // Assess
    expect(auditRoutes.map((route) => route.RouteKey).sort()).toEqual(
      [
        'GET /audit/approvals',
        'GET /audit/entries',
        'GET /audit/executions',
        'GET /audit/executions/{executionId}',
        'GET /audit/export',
        'GET /audit/failures',
        'GET /audit/metrics',
        'GET /audit/pending',
      ].sort(),
    );
    for (const route of auditRoutes) expect(route.AuthorizationType).toBe('AWS_IAM');
  });

  it('leaves the Slack and approval-link routes to signature checks (no API Gateway authorizer)', () => {
    // Prepare / Act
    const publicRoutes = routes().filter((route) => !String(route.RouteKey).startsWith('GET /audit/'));

    // Assess
    expect(publicRoutes.map((route) => route.RouteKey).sort()).toEqual([
      'GET /approvals/link',
      'HEAD /approvals/link',
      'POST /approvals/link',
      'POST /slack/interactions',
    ]);
    for (const route of publicRoutes) expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
  });
});

describe('osls package: functions', () => {
  it.each(functionNames)('%s runs nodejs22.x or newer on arm64', (name) => {
    // Prepare
    const [, fn] = lambdaFunction(template, deployedName(name));

    // Act
    const nodeMajor = Number(/^nodejs(\d+)\.x$/.exec(String(fn.Properties.Runtime))?.[1]);

    // Assess
    expect(nodeMajor).toBeGreaterThanOrEqual(22);
    expect(fn.Properties.Architectures).toEqual(['arm64']);
  });

  // Each function names only the secrets it resolves (docs/secrets.md); its role reads exactly those.
  const secretParameters: Record<string, Record<string, string>> = {
    ingest: {
      SLACK_BOT_TOKEN_PARAMETER: `/pipegate/${stage}/slack-bot-token`,
      PIPEGATE_LINK_KEYS_PARAMETER: `/pipegate/${stage}/link-keys`,
      // Optional (change summaries' commit lists): ingest runs without it (docs/secrets.md).
      GITHUB_TOKEN_PARAMETER: `/pipegate/${stage}/github-token`,
    },
    'slack-interactions': {
      SLACK_SIGNING_SECRET_PARAMETER: `/pipegate/${stage}/slack-signing-secret`,
      SLACK_BOT_TOKEN_PARAMETER: `/pipegate/${stage}/slack-bot-token`,
    },
    'approval-decider': { SLACK_BOT_TOKEN_PARAMETER: `/pipegate/${stage}/slack-bot-token` },
    'approval-links': {
      PIPEGATE_LINK_KEYS_PARAMETER: `/pipegate/${stage}/link-keys`,
      SLACK_BOT_TOKEN_PARAMETER: `/pipegate/${stage}/slack-bot-token`,
    },
    'audit-api': {},
    sweeper: {
      SLACK_BOT_TOKEN_PARAMETER: `/pipegate/${stage}/slack-bot-token`,
      PIPEGATE_LINK_KEYS_PARAMETER: `/pipegate/${stage}/link-keys`,
    },
  };

  it.each(functionNames)(
    '%s gets the table, topic, public URL, config and only its own secret parameter names',
    (name) => {
      // Prepare
      const [, fn] = lambdaFunction(template, deployedName(name));

      // Act
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

      // Assess
      expect(variables).toEqual({
        // Only the Slack endpoint hands decisions on, to the decider it names.
        ...(name === 'slack-interactions'
          ? { PIPEGATE_DECIDER_FUNCTION: deployedName('approval-decider') }
          : {}),
        PIPEGATE_TABLE: { Ref: 'PipegateTable' },
        PIPEGATE_TOPIC_ARN: { Ref: 'PipegateTopic' },
        PIPEGATE_PUBLIC_URL: { 'Fn::Sub': publicUrl },
        // The JSON compiled from pipegate.config.yaml at package time (no YAML parser in the bundles).
        PIPEGATE_CONFIG: '.pipegate/pipegate.config.yaml.json',
        ...secretParameters[name],
        PIPEGATE_ACCOUNT_ID: { Ref: 'AWS::AccountId' },
        PIPEGATE_MEMBER_ROLE_NAME: 'pipegate-member',
        POWERTOOLS_SERVICE_NAME: 'pipegate',
      });
    },
  );

  it('keeps every function log group for 30 days', () => {
    // Prepare / Act
    const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup').map(([, group]) => group.Properties);

    // Assess
    expect(logGroups.map((group) => group.LogGroupName).sort()).toEqual(
      functionNames.map((name) => `/aws/lambda/${deployedName(name)}`).sort(),
    );
    for (const group of logGroups) expect(group.RetentionInDays).toBe(30);
  });

  it.each(functionNames)(
    '%s.zip holds its ESM bundle and the compiled config (no source map: see serverless.yml), under 1.5 MB',
    (name) => {
      // Prepare
      const zipPath = join(packageDir, `${name}.zip`);
      expect(existsSync(zipPath)).toBe(true);

      // Act
      const entries = zipEntryNames(readFileSync(zipPath));

      // Assess
      expect(statSync(zipPath).size).toBeLessThan(maxZipBytes);
      expect(entries).toEqual(
        expect.arrayContaining([`functions/${name}.mjs`, '.pipegate/pipegate.config.yaml.json']),
      );
      expect(entries).not.toContain('pipegate.config.yaml');
      expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
      expect(entries.filter((entry) => entry.startsWith('node_modules/'))).toEqual([]);
    },
  );
});

describe('osls package: the Slack decision hand-over', () => {
  it('lets slack-interactions invoke only the approval-decider, and sends its failed events to an alarmed DLQ', () => {
    // Prepare
    const invokes = roleStatements(roleOf(deployedName('slack-interactions'))).filter((statement) =>
      asList(statement.Action).includes('lambda:InvokeFunction'),
    );
    const [deciderId] = lambdaFunction(template, deployedName('approval-decider'));

    // Act
    const config = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').find(
      ([, candidate]) =>
        referencedId(candidate.Properties.FunctionName) === deciderId ||
        JSON.stringify(candidate.Properties.FunctionName).includes(deciderId),
    )?.[1];
    const alarmed = resourcesOfType(template, 'AWS::CloudWatch::Alarm').some(([, alarm]) =>
      JSON.stringify(alarm.Properties.Dimensions).includes('DecisionsDLQ'),
    );

    // Assess
    expect(invokes).toHaveLength(1);
    expect(JSON.stringify(invokes[0]?.Resource)).toContain(`function:${deployedName('approval-decider')}"`);
    expect(config?.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['DecisionsDLQ', 'Arn'] } } },
    });
    expect(alarmed).toBe(true);
  });
});

describe('osls package: outputs', () => {
  it('publishes the URLs and names operators need', () => {
    // Prepare / Act
    const outputs = template.Outputs;

    // Assess
    expect(outputs.SlackInteractivityUrl?.Value).toEqual({
      'Fn::Sub': `${publicUrl}/slack/interactions`,
    });
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ApprovalLinksBaseUrl',
        'AuditApiUrl',
        'TableName',
        'TopicArn',
        'IngestDLQUrl',
        'AlarmTopicArn',
      ]),
    );
  });
});

describe('osls package: alarms on pipegate metrics (EMF)', () => {
  const pipegateAlarm = (metric: string, channel?: string): CfnResource => {
    const matches = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(([, alarm]) => {
      const dimensions = (alarm.Properties.Dimensions ?? []) as Array<{ Name: string; Value: unknown }>;
      return (
        alarm.Properties.Namespace === 'pipegate' &&
        alarm.Properties.MetricName === metric &&
        (channel === undefined || dimensions.some((d) => d.Name === 'channel' && d.Value === channel))
      );
    });
    return only(matches, `${metric} alarm`)[1];
  };

  it.each([
    ['StuckRun', undefined],
    ['InvalidEvent', undefined],
    ['DeliveryFailure', 'slack'],
    ['DeliveryFailure', 'sns'],
  ])('alarms on %s %s to the alarm topic, on the dimensions the functions emit', (metric, channel) => {
    // Act
    const alarm = pipegateAlarm(metric, channel);

    // Assess
    expect(alarm.Properties).toMatchObject({
      Statistic: 'Sum',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    // Powertools always adds service=pipegate (createEmfMetrics); an alarm without it would never fire.
    expect(alarm.Properties.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'service', Value: 'pipegate' },
        ...(channel ? [{ Name: 'channel', Value: channel }] : []),
      ]),
    );
    expect((alarm.Properties.Dimensions as unknown[]).length).toBe(channel ? 2 : 1);
  });
});

describe('osls package: roles', () => {
  it('creates no shared default role: every function has its own', () => {
    // Prepare / Act
    const roles = resourcesOfType(template, 'AWS::IAM::Role').map(([id]) => id);

    // Assess
    expect(roles).not.toContain('IamRoleLambdaExecution');
    expect(roles).toHaveLength(functionNames.length);
  });
});

describe('osls package: alarm topic', () => {
  it('is encrypted with a rotated customer-managed key that CloudWatch may use to publish', () => {
    // Prepare
    const topic = resource(template, 'AlarmTopic');
    const keyId = referencedId(topic.Properties.KmsMasterKeyId);

    // Act
    const key = resource(template, keyId ?? '(no key reference)');
    const statements = (key.Properties.KeyPolicy as { Statement: Array<Record<string, unknown>> }).Statement;
    const forCloudWatch = statements.filter(
      (statement) =>
        JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
    );

    // Assess
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(only(forCloudWatch, 'key policy statement for CloudWatch')).toMatchObject({
      Effect: 'Allow',
      Action: expect.arrayContaining(['kms:GenerateDataKey*', 'kms:Decrypt']),
    });
  });

  it('is where every alarm publishes', () => {
    // Prepare / Act
    const actions = resourcesOfType(template, 'AWS::CloudWatch::Alarm').flatMap(([, alarm]) =>
      asList(alarm.Properties.AlarmActions as unknown[]),
    );

    // Assess
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toEqual({ Ref: 'AlarmTopic' });
  });
});

describe('osls package: HTTP API throttling', () => {
  const stage = (): CfnResource =>
    only(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage'), 'HTTP API stage')[1];

  it.each([
    'POST /slack/interactions',
    'GET /approvals/link',
    'POST /approvals/link',
    'HEAD /approvals/link',
  ])('throttles the public route %s on the stage', (routeKey) => {
    // Prepare / Act
    const settings = (stage().Properties.RouteSettings as Record<string, Record<string, number>>)[routeKey];

    // Assess
    expect(settings?.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(settings?.ThrottlingBurstLimit).toBeGreaterThanOrEqual(settings?.ThrottlingRateLimit ?? 0);
  });

  it('throttles every other route by default, and creates the public routes before setting their limits', () => {
    // Prepare / Act
    const { DefaultRouteSettings: defaults } = stage().Properties as {
      DefaultRouteSettings: Record<string, number>;
    };
    const dependsOn = (stage() as CfnResource & { DependsOn?: string[] }).DependsOn ?? [];
    const publicRouteIds = resourcesOfType(template, 'AWS::ApiGatewayV2::Route')
      .filter(([, route]) => !String(route.Properties.RouteKey).startsWith('GET /audit/'))
      .map(([id]) => id);

    // Assess
    expect(defaults.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(dependsOn).toEqual(expect.arrayContaining(publicRouteIds));
  });
});
