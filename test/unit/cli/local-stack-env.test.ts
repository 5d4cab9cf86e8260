import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainFailure } from '../../../cli/explain-failure';
import { localStackEnv } from '../../../cli/local-stack-env';
import { readStackState, type StackState } from '../../../local/stack-state';
import { PipegateError } from '../../../shared/errors';

const STATE: StackState = {
  pid: 4242,
  webUrl: 'http://localhost:3000',
  dynamodbEndpoint: 'http://127.0.0.1:51234',
  table: 'pipegate-local',
  startedAt: '2026-07-01T12:00:00.000Z',
};
const alive = () => true;

describe('localStackEnv', () => {
  it('points a fresh environment at the recorded local stack', () => {
    // Act
    const env = localStackEnv({ PATH: '/bin' }, STATE, alive);

    // Assess
    expect(env).toEqual({
      PATH: '/bin',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:51234',
      PIPEGATE_TABLE: 'pipegate-local',
    });
  });

  it.each([
    'AWS_ENDPOINT_URL_DYNAMODB',
    'AWS_ENDPOINT_URL',
    'PIPEGATE_TABLE',
    'AWS_PROFILE',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_ACCESS_KEY_ID',
  ])('leaves the environment alone when %s names a target', (name) => {
    // Prepare
    const given = { [name]: 'set' };

    // Act
    const env = localStackEnv(given, STATE, alive);

    // Assess
    expect(env).toBe(given);
  });

  it('ignores a record whose process is gone (the stack was killed)', () => {
    // Act
    const env = localStackEnv({}, STATE, () => false);

    // Assess
    expect(env.AWS_ENDPOINT_URL_DYNAMODB).toBeUndefined();
  });
});

describe('readStackState', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipegate-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is undefined when no stack recorded itself', () => {
    expect(readStackState(join(dir, 'missing.json'))).toBeUndefined();
  });

  it('refuses a file that is not a record, naming it', () => {
    // Prepare
    const path = join(dir, 'stack.json');
    writeFileSync(path, '{"pid": "x"}');

    // Act / Assess
    expect(() => readStackState(path)).toThrow(`${path} is not a record of a running local stack`);
  });
});

describe('explainFailure', () => {
  const wrapped = (cause: Error) =>
    new PipegateError('TRANSIENT', 'DynamoDB Query gsi3 failed: Error', { cause });

  it('asks whether `npm start` runs when a local endpoint refuses the connection', () => {
    // Prepare
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:51234'), {
      code: 'ECONNREFUSED',
    });

    // Act
    const hint = explainFailure(wrapped(refused), { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:51234' });

    // Assess
    expect(hint).toMatch(/^nothing answers at http:\/\/127\.0\.0\.1:51234: is `npm start` running\?/);
  });

  it('names the settings when the region is missing', () => {
    expect(explainFailure(wrapped(new Error('Region is missing')), {})).toMatch(
      /no AWS region and no running local stack.*AWS_REGION \/ AWS_PROFILE/,
    );
  });

  it('adds nothing to an error that already says what is wrong', () => {
    expect(explainFailure(new PipegateError('NOT_FOUND', 'no execution x is recorded'), {})).toBeUndefined();
  });
});
