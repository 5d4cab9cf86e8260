import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { configFromEnv, loadConfig } from '../../../shared/config/load-config';
import { PipegateError } from '../../../shared/errors';

const REPO = join(__dirname, '..', '..', '..');
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:pipegate';
const MINIMAL = `routes:\n  - match: { pipelines: ["*"] }\n    slack: { channels: ["\${env:DEPLOY_CHANNEL, #deploys}"] }\n`;

describe('the committed pipegate.config.yaml', () => {
  it('parses with PIPEGATE_TOPIC_ARN set', () => {
    // Prepare
    const env = { PIPEGATE_TOPIC_ARN: TOPIC };

    // Act
    const config = loadConfig(join(REPO, 'pipegate.config.yaml'), env);

    // Assess
    expect(config.topics).toEqual({ default: TOPIC });
    expect(config.routes.map((route) => route.name)).toEqual([
      'every run to #deploys',
      'prod failures mention release managers',
      'failed actions by email',
      'finished runs by email',
    ]);
    expect(config.approvals).toEqual([
      {
        name: 'two approvers for the database',
        match: { pipelines: ['prod-db'] },
        slack: { users: ['U0JANE001', 'U0SAM0002', 'U0ALEX003'], userGroups: [], channels: ['#deploys'] },
        emails: ['jane@example.com', 'sam@example.com'],
        inform: [],
        preventSelfApproval: true,
        requireDistinctFrom: [],
        requireRejectComment: false,
        expiresAfterHours: 168,
        remindBeforeHours: 24,
        required: 2,
        distinctGroups: false,
      },
      {
        name: 'release managers approve every pipeline',
        match: { pipelines: ['*'] },
        slack: { users: ['U0JANE001', 'U0SAM0002'], userGroups: ['S0RELEASE'], channels: ['#deploys'] },
        emails: ['jane@example.com', 'sam@example.com'],
        inform: ['release-managers@example.com'],
        preventSelfApproval: true,
        requireDistinctFrom: [],
        requireRejectComment: true,
        expiresAfterHours: 168,
        remindBeforeHours: 24,
        required: 1,
        distinctGroups: false,
      },
    ]);
  });

  it('names PIPEGATE_TOPIC_ARN when it is missing', () => {
    // Prepare
    const path = join(REPO, 'pipegate.config.yaml');

    // Act
    const load = () => loadConfig(path, {});

    // Assess
    expect(load).toThrow(/topics\.default: environment variable PIPEGATE_TOPIC_ARN is not set/);
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipegate-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves a relative path from the working directory', () => {
    // Prepare
    writeFileSync(join(dir, 'rules.yaml'), MINIMAL);
    const path = relative(process.cwd(), join(dir, 'rules.yaml'));

    // Act
    const config = loadConfig(path, {});

    // Assess
    expect(config.routes[0]?.slack.channels).toEqual(['#deploys']);
  });

  it('names the path it was given in its messages', () => {
    // Prepare
    const path = join(dir, 'rules.yaml');
    writeFileSync(path, 'routes: [{ match: { pipelines: ["*"] } }]\n');

    // Act
    const load = () => loadConfig(path, {});

    // Assess
    expect(load).toThrow(`${path}: routes[0]: sends nowhere: add slack or sns (line 1)`);
  });

  it('refuses a missing file with INVALID_CONFIG naming the path', () => {
    // Prepare
    const path = join(dir, 'absent.yaml');

    // Act
    const load = () => loadConfig(path, {});

    // Assess
    expect(load).toThrow(PipegateError);
    expect(load).toThrow(`${path}: config file not found (${path})`);
  });
});

describe('configFromEnv', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipegate-config-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the file PIPEGATE_CONFIG names', () => {
    // Prepare
    const path = join(dir, 'named.yaml');
    writeFileSync(path, MINIMAL);

    // Act
    const config = configFromEnv({ PIPEGATE_CONFIG: path, DEPLOY_CHANNEL: '#releases' });

    // Assess
    expect(config.routes[0]?.slack.channels).toEqual(['#releases']);
  });

  it('falls back to pipegate.config.yaml in the working directory', () => {
    // Prepare
    jest.spyOn(process, 'cwd').mockReturnValue(REPO);

    // Act
    const config = configFromEnv({ PIPEGATE_TOPIC_ARN: TOPIC });

    // Assess
    expect(config.approvals.map((policy) => policy.name)).toContain(
      'release managers approve every pipeline',
    );
  });

  it('reads the file once per path while the environment it uses is unchanged', () => {
    // Prepare
    const path = join(dir, 'memo.yaml');
    writeFileSync(path, MINIMAL);
    const first = configFromEnv({ PIPEGATE_CONFIG: path });
    writeFileSync(path, 'routes: []\n');

    // Act
    const second = configFromEnv({ PIPEGATE_CONFIG: path, UNRELATED: 'changed' });

    // Assess
    expect(second).toBe(first);
  });

  it('reads the file again when a variable it uses has changed', () => {
    // Prepare
    const path = join(dir, 'env.yaml');
    writeFileSync(path, MINIMAL);
    configFromEnv({ PIPEGATE_CONFIG: path });

    // Act
    const config = configFromEnv({ PIPEGATE_CONFIG: path, DEPLOY_CHANNEL: '#releases' });

    // Assess
    expect(config.routes[0]?.slack.channels).toEqual(['#releases']);
  });
});
