import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { cacheUntilExpiry } from '../../../shared/adapters/codepipeline/assumed-role-credentials';
import { createPipelineClients } from '../../../shared/adapters/codepipeline/pipeline-clients';
import { PipegateError } from '../../../shared/errors';

const home = { accountId: '123456789012', region: 'eu-west-1' };
const accounts = [{ id: '210987654321', regions: ['us-west-2', 'eu-west-1'] }];

describe('createPipelineClients', () => {
  const homeClient = new CodePipelineClient({ region: 'eu-west-1' });
  afterAll(() => homeClient.destroy());

  it('uses the function’s own client for its own account and region', () => {
    // Prepare
    const clients = createPipelineClients({ home, accounts, homeClient });

    // Act
    const client = clients.for({ account: '123456789012', region: 'eu-west-1' });

    // Assess
    expect(client).toBe(homeClient);
  });

  it('builds one client per member account and region, in that region', async () => {
    // Prepare
    const clients = createPipelineClients({ home, accounts, homeClient });

    // Act
    const first = clients.for({ account: '210987654321', region: 'us-west-2' });
    const again = clients.for({ account: '210987654321', region: 'us-west-2' });
    const otherRegion = clients.for({ account: '210987654321', region: 'eu-west-1' });

    // Assess
    expect(again).toBe(first);
    expect(otherRegion).not.toBe(first);
    expect(await first.config.region()).toBe('us-west-2');
    expect(first).not.toBe(homeClient);
  });

  it('refuses an account that is not configured with ACCOUNT_NOT_CONFIGURED naming it', () => {
    // Prepare
    const clients = createPipelineClients({ home, accounts, homeClient });

    // Act
    const attempt = () => clients.for({ account: '333333333333', region: 'us-west-2' });

    // Assess
    expect(attempt).toThrow(PipegateError);
    expect(attempt).toThrow(
      expect.objectContaining({
        code: 'ACCOUNT_NOT_CONFIGURED',
        details: { account: '333333333333', region: 'us-west-2' },
      }),
    );
  });
});

describe('cacheUntilExpiry', () => {
  const credentials = (expiresAt: Date, id: string) => ({
    accessKeyId: id,
    secretAccessKey: 's',
    expiration: expiresAt,
  });

  it('asks STS again only when the credentials are within five minutes of expiring', async () => {
    // Prepare
    let now = new Date('2026-12-02T10:00:00Z');
    let calls = 0;
    const provider = cacheUntilExpiry(
      async () => {
        calls += 1;
        return credentials(new Date(now.getTime() + 3_600_000), `key-${calls}`);
      },
      () => now,
    );

    // Act
    const first = await provider();
    now = new Date('2026-12-02T10:54:00Z');
    const stillCached = await provider();
    now = new Date('2026-12-02T10:56:00Z');
    const refreshed = await provider();

    // Assess
    expect([first.accessKeyId, stillCached.accessKeyId, refreshed.accessKeyId]).toEqual([
      'key-1',
      'key-1',
      'key-2',
    ]);
  });

  it('does not cache a failure', async () => {
    // Prepare
    let calls = 0;
    const provider = cacheUntilExpiry(async () => {
      calls += 1;
      if (calls === 1) throw new Error('AccessDenied');
      return credentials(new Date(Date.now() + 3_600_000), 'key');
    });

    // Act
    await expect(provider()).rejects.toThrow('AccessDenied');
    const second = await provider();

    // Assess
    expect(second.accessKeyId).toBe('key');
  });

  it('shares one request among concurrent callers', async () => {
    // Prepare
    let calls = 0;
    const provider = cacheUntilExpiry(async () => {
      calls += 1;
      return credentials(new Date(Date.now() + 3_600_000), 'key');
    });

    // Act
    await Promise.all([provider(), provider(), provider()]);

    // Assess
    expect(calls).toBe(1);
  });
});
