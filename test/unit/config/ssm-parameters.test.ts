import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { ssmParameterSource } from '../../../shared/adapters/ssm/ssm-parameters';
import { PipegateError } from '../../../shared/errors';

const ssm = mockClient(SSMClient);
const NAME = '/pipegate/prod/slack-bot-token';

const answer = (value: string) => ({
  Parameter: { Name: NAME, Type: 'SecureString' as const, Value: value, Version: 1 },
});

const sdkError = (name: string): Error => Object.assign(new Error(`${name} from SSM`), { name });

beforeEach(() => {
  ssm.reset();
  // The Powertools cache dates its entries with Date.now(): the fake clock is the injected clock here.
  jest.useFakeTimers({ now: new Date('2026-12-02T12:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('the SSM parameter source', () => {
  it('answers from the cache within the max age, without asking SSM again', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolvesOnce(answer('xoxb-old')).resolves(answer('xoxb-new'));
    const source = ssmParameterSource(new SSMClient({ region: 'eu-west-1' }), 300);
    await source(NAME);
    jest.setSystemTime(new Date('2026-12-02T12:04:59Z'));

    // Act
    const value = await source(NAME);

    // Assess
    expect(value).toBe('xoxb-old');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it('picks up a rotated value once the max age has passed, in the same container', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolvesOnce(answer('xoxb-old')).resolves(answer('xoxb-new'));
    const source = ssmParameterSource(new SSMClient({ region: 'eu-west-1' }), 300);
    await source(NAME);
    jest.setSystemTime(new Date('2026-12-02T12:05:01Z'));

    // Act
    const value = await source(NAME);

    // Assess
    expect(value).toBe('xoxb-new');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
    expect(ssm.commandCalls(GetParameterCommand)[1]?.args[0].input).toEqual({
      Name: NAME,
      WithDecryption: true,
    });
  });

  it.each(['ParameterNotFound', 'AccessDeniedException'])(
    'reports %s as the deploy’s fault (INVALID_CONFIG), naming the parameter',
    async (name) => {
      // Prepare
      ssm.on(GetParameterCommand).rejects(sdkError(name));
      const source = ssmParameterSource(new SSMClient({ region: 'eu-west-1' }));

      // Act
      const error: unknown = await source(NAME).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(PipegateError);
      expect(error).toMatchObject({
        code: 'INVALID_CONFIG',
        message: `SSM GetParameter failed: ${name}`,
        details: { parameter: NAME },
      });
    },
  );

  it('reports throttling as TRANSIENT, so the caller retries instead of skipping work', async () => {
    // Prepare
    ssm.on(GetParameterCommand).rejects(sdkError('ThrottlingException'));
    const source = ssmParameterSource(new SSMClient({ region: 'eu-west-1' }));

    // Act
    const error: unknown = await source(NAME).catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ code: 'TRANSIENT' });
  });
});
