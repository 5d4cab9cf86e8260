import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { type ParameterSource, resolveSecrets } from '../../../shared/config/secrets';
import { PipegateError } from '../../../shared/errors';
import type { Log } from '../../../shared/logging/log';
import { createDecideWiring } from '../../../shared/wiring/decide-wiring';
import { createIngestWiring } from '../../../shared/wiring/ingest-wiring';
import { createSweeperWiring } from '../../../shared/wiring/sweeper-wiring';

// Never called: these tests stop before any table, topic or pipeline is touched.
const clients = {
  dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
  sns: new SNSClient({ region: 'eu-west-1' }),
  codepipeline: new CodePipelineClient({ region: 'eu-west-1' }),
};

const deployed = {
  PIPEGATE_TABLE: 'pipegate-prod',
  PIPEGATE_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:pipegate-prod',
  SLACK_BOT_TOKEN_PARAMETER: '/pipegate/prod/slack-bot-token',
  SLACK_SIGNING_SECRET_PARAMETER: '/pipegate/prod/slack-signing-secret',
  PIPEGATE_LINK_KEYS_PARAMETER: '/pipegate/prod/link-keys',
};

const LINK_KEYS = JSON.stringify({ k1: 'a'.repeat(43) });

/** A parameter store whose values can be rotated or deleted; refuses unknown names like SSM does. */
const parameterStore = (values: Record<string, string>) => {
  const asked: string[] = [];
  const source: ParameterSource = async (name) => {
    asked.push(name);
    const value = values[name];
    if (value === undefined) throw new PipegateError('INVALID_CONFIG', 'SSM ParameterNotFound');
    return value;
  };
  return { source, asked, values };
};

const capturingLog = () => {
  const errors: { message: string; attributes?: Record<string, unknown> }[] = [];
  const log: Log = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (message, attributes) => errors.push({ message, attributes }),
  };
  return { log, errors };
};

describe('resolveSecrets', () => {
  it('asks the parameter source only for the secrets named', async () => {
    // Prepare
    const store = parameterStore({ '/pipegate/prod/slack-bot-token': 'xoxb-1' });

    // Act
    const secrets = await resolveSecrets(['slackBotToken'], deployed, store.source);

    // Assess
    expect(secrets).toEqual({ slackBotToken: 'xoxb-1' });
    expect(store.asked).toEqual(['/pipegate/prod/slack-bot-token']);
  });

  it('prefers the plain variable (local) and leaves a secret with neither variable unset', async () => {
    // Prepare
    const store = parameterStore({});

    // Act
    const secrets = await resolveSecrets(
      ['slackBotToken', 'linkKeys'],
      { SLACK_BOT_TOKEN: 'xoxb-local' },
      store.source,
    );

    // Assess
    expect(secrets).toEqual({ slackBotToken: 'xoxb-local' });
    expect(store.asked).toEqual([]);
  });

  it('names the parameter and its variable, never a value, when the parameter cannot be read', async () => {
    // Prepare
    const store = parameterStore({ '/pipegate/prod/slack-bot-token': 'xoxb-secret-value' });

    // Act
    const error: unknown = await resolveSecrets(['slackBotToken', 'linkKeys'], deployed, store.source).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toMatchObject({
      code: 'INVALID_CONFIG',
      details: { parameter: '/pipegate/prod/link-keys', variable: 'PIPEGATE_LINK_KEYS_PARAMETER' },
    });
    expect(String((error as Error).message)).toContain('/pipegate/prod/link-keys');
    expect(String((error as Error).message)).not.toContain('xoxb-secret-value');
  });

  it('lets a transient failure through as TRANSIENT, so the transport retries', async () => {
    // Prepare
    const source: ParameterSource = async () => {
      throw new PipegateError('TRANSIENT', 'SSM ThrottlingException');
    };

    // Act
    const run = resolveSecrets(['slackBotToken'], deployed, source);

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'TRANSIENT' });
  });
});

describe('a rotated secret, without a cold start', () => {
  it('keeps the Slack client while the token is unchanged and rebuilds it once the token rotated', async () => {
    // Prepare
    const store = parameterStore({
      '/pipegate/prod/slack-bot-token': 'xoxb-1',
      '/pipegate/prod/slack-signing-secret': 'signing-1',
    });
    const now = () => new Date('2026-12-02T12:00:00Z');
    const wiring = createDecideWiring(
      { ...clients, parameters: store.source, log: capturingLog().log, environment: deployed, now },
      ['slackSigningSecret', 'slackBotToken'],
    );
    const first = await wiring();
    const unchanged = await wiring();

    // Act
    store.values['/pipegate/prod/slack-bot-token'] = 'xoxb-2';
    const rotated = await wiring();

    // Assess
    expect(unchanged.chat).toBe(first.chat);
    expect(unchanged.decide).toBe(first.decide);
    expect(rotated.chat).not.toBe(first.chat);
    expect(rotated.decide.chat).toBe(rotated.chat);
    expect(store.asked.filter((name) => name.endsWith('slack-bot-token'))).toHaveLength(3);
  });

  it('parses rotated link keys again, and only then', async () => {
    // Prepare
    const store = parameterStore({
      '/pipegate/prod/slack-bot-token': 'xoxb-1',
      '/pipegate/prod/link-keys': LINK_KEYS,
    });
    const wiring = createDecideWiring(
      { ...clients, parameters: store.source, log: capturingLog().log, environment: deployed },
      ['linkKeys', 'slackBotToken'],
    );
    const first = await wiring();

    // Act
    store.values['/pipegate/prod/link-keys'] = JSON.stringify({ k2: 'b'.repeat(43), k1: 'a'.repeat(43) });
    const rotated = await wiring();

    // Assess
    expect((await wiring()).linkKeys).toBe(rotated.linkKeys);
    expect(first.linkKeys?.signingKid).toBe('k1');
    expect(rotated.linkKeys?.signingKid).toBe('k2');
  });
});

describe('a stack deployed before its parameters exist', () => {
  it('ingest records history but skips reactions, with one error line naming the missing parameter', async () => {
    // Prepare
    const store = parameterStore({ '/pipegate/prod/slack-bot-token': 'xoxb-1' });
    const { log, errors } = capturingLog();
    const wiring = createIngestWiring({ ...clients, parameters: store.source, log, environment: deployed });

    // Act
    const deps = await wiring();

    // Assess
    expect(deps.history).toBeDefined();
    expect(deps.reactions ?? []).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('/pipegate/prod/link-keys');
    expect(errors[0]?.attributes).toMatchObject({ parameter: '/pipegate/prod/link-keys' });
  });

  it('ingest reacts again as soon as the parameter exists, in the same container', async () => {
    // Prepare
    const store = parameterStore({ '/pipegate/prod/slack-bot-token': 'xoxb-1' });
    const wiring = createIngestWiring({
      ...clients,
      parameters: store.source,
      log: capturingLog().log,
      environment: deployed,
    });
    await wiring();

    // Act
    store.values['/pipegate/prod/link-keys'] = LINK_KEYS;
    const deps = await wiring();

    // Assess: notify, approval request, reconcile, then the delivery rollup and the CloudWatch metrics.
    expect(deps.reactions).toHaveLength(5);
  });

  it('ingest treats a malformed parameter value like a missing one', async () => {
    // Prepare
    const store = parameterStore({
      '/pipegate/prod/slack-bot-token': 'xoxb-1',
      '/pipegate/prod/link-keys': 'not json',
    });
    const { log, errors } = capturingLog();
    const wiring = createIngestWiring({ ...clients, parameters: store.source, log, environment: deployed });

    // Act
    const deps = await wiring();

    // Assess
    expect(deps.reactions ?? []).toEqual([]);
    expect(errors[0]?.message).toMatch(/\/pipegate\/prod\/link-keys .*malformed/);
  });

  it('the sweeper skips its run with one error line naming the parameter', async () => {
    // Prepare
    const store = parameterStore({});
    const { log, errors } = capturingLog();
    const wiring = createSweeperWiring({ ...clients, parameters: store.source, log, environment: deployed });

    // Act
    const deps = await wiring();

    // Assess
    expect(deps).toBeUndefined();
    expect(errors.map((error) => error.attributes?.parameter)).toEqual(['/pipegate/prod/slack-bot-token']);
  });

  it('the sweeper runs without the link keys, its reminders pointing at the request email’s links', async () => {
    // Prepare
    const store = parameterStore({ '/pipegate/prod/slack-bot-token': 'xoxb-1' });
    const { log, errors } = capturingLog();
    const wiring = createSweeperWiring({ ...clients, parameters: store.source, log, environment: deployed });

    // Act
    const deps = await wiring();

    // Assess
    expect(deps?.approvals.linkKeys).toBeUndefined();
    expect(errors.map((error) => error.attributes?.parameter)).toEqual(['/pipegate/prod/link-keys']);
  });

  it('the sweeper signs reminder links with the link keys it reads', async () => {
    // Prepare
    const store = parameterStore({
      '/pipegate/prod/slack-bot-token': 'xoxb-1',
      '/pipegate/prod/link-keys': LINK_KEYS,
    });
    const wiring = createSweeperWiring({
      ...clients,
      parameters: store.source,
      log: capturingLog().log,
      environment: { ...deployed, PIPEGATE_PUBLIC_URL: 'https://pipegate.example.com' },
    });

    // Act
    const deps = await wiring();

    // Assess
    expect(deps?.approvals.linkKeys).toBeDefined();
    expect(deps?.approvals.publicUrl).toBe('https://pipegate.example.com');
    expect(store.asked).toContain('/pipegate/prod/link-keys');
  });

  it('a deciding function fails its invocation naming the parameter (the HTTP mapper answers 500)', async () => {
    // Prepare
    const store = parameterStore({ '/pipegate/prod/slack-bot-token': 'xoxb-1' });
    const wiring = createDecideWiring(
      { ...clients, parameters: store.source, log: capturingLog().log, environment: deployed },
      ['slackSigningSecret', 'slackBotToken'],
    );

    // Act
    const run = wiring();

    // Assess
    await expect(run).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      details: { parameter: '/pipegate/prod/slack-signing-secret' },
    });
  });
});

describe('the optional GitHub token', () => {
  const withGitHub = { ...deployed, GITHUB_TOKEN_PARAMETER: '/pipegate/prod/github-token' };

  it('ingest still reacts when the GitHub token parameter cannot be read, and asks again only later', async () => {
    // Prepare
    const store = parameterStore({
      '/pipegate/prod/slack-bot-token': 'xoxb-1',
      '/pipegate/prod/link-keys': LINK_KEYS,
    });
    const warnings: string[] = [];
    const log: Log = { ...capturingLog().log, warn: (message) => warnings.push(message) };
    let now = new Date('2026-12-02T10:00:00Z');
    const wiring = createIngestWiring({
      ...clients,
      parameters: store.source,
      log,
      environment: withGitHub,
      now: () => now,
    });

    // Act
    const first = await wiring();
    const second = await wiring();
    now = new Date(now.getTime() + 6 * 60_000);
    await wiring();

    // Assess
    expect(first.reactions?.length).toBeGreaterThan(0);
    expect(second.reactions).toBe(first.reactions);
    expect(store.asked.filter((name) => name === '/pipegate/prod/github-token')).toHaveLength(2);
    expect(warnings).toEqual([
      'approval requests list no commits: the GitHub token is not readable',
      'approval requests list no commits: the GitHub token is not readable',
    ]);
  });

  it('ingest rebuilds its reactions when the GitHub token appears', async () => {
    // Prepare
    let now = new Date('2026-12-02T10:00:00Z');
    const store = parameterStore({
      '/pipegate/prod/slack-bot-token': 'xoxb-1',
      '/pipegate/prod/link-keys': LINK_KEYS,
    });
    const wiring = createIngestWiring({
      ...clients,
      parameters: store.source,
      log: capturingLog().log,
      environment: withGitHub,
      now: () => now,
    });
    const before = await wiring();
    now = new Date(now.getTime() + 6 * 60_000);

    // Act
    store.values['/pipegate/prod/github-token'] = 'github_pat_1';
    const after = await wiring();

    // Assess
    expect(after.reactions).not.toBe(before.reactions);
  });
});
