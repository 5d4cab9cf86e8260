import {
  CodePipelineClient,
  GetPipelineCommand,
  PipelineNotFoundException,
} from '@aws-sdk/client-codepipeline';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { AwsIdentities } from '../../../local/standins/aws-identities';
import { type CodePipelineStandIn, startCodePipelineStandIn } from '../../../local/standins/codepipeline';
import { type StsStandIn, startStsStandIn } from '../../../local/standins/sts';

const CENTRAL = { accessKeyId: 'central-key', secretAccessKey: 'central-secret' };
const MEMBER = '210987654321';
const ROLE = `arn:aws:iam::${MEMBER}:role/pipegate-member`;

describe('STS and per-account CodePipeline stand-ins', () => {
  let identities: AwsIdentities;
  let sts: StsStandIn;
  let codepipeline: CodePipelineStandIn;
  const clients: { destroy(): void }[] = [];

  beforeAll(async () => {
    identities = new AwsIdentities();
    sts = await startStsStandIn({ identities });
    codepipeline = await startCodePipelineStandIn({ identities });
  });
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL_STS;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([sts.close(), codepipeline.close()]);
  });
  beforeEach(() => {
    codepipeline.reset();
    identities.createRole(ROLE);
    codepipeline.inAccount(MEMBER, 'us-west-2').definePipeline({
      name: 'payments',
      stages: [{ name: 'Gate', actions: [{ name: 'Approve', category: 'Approval' }] }],
    });
  });

  const stsClient = () => {
    const client = new STSClient({ endpoint: sts.url, region: 'eu-west-1', credentials: CENTRAL });
    clients.push(client);
    return client;
  };
  type Credentials = typeof CENTRAL | ReturnType<typeof fromTemporaryCredentials>;
  const pipelineClient = (region: string, credentials: Credentials) => {
    const client = new CodePipelineClient({ endpoint: codepipeline.url, region, credentials });
    clients.push(client);
    return client;
  };

  it('answers AssumeRole over the awsQuery protocol with credentials of the role’s account', async () => {
    // Act
    const result = await stsClient().send(
      new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'pipegate' }),
    );

    // Assess
    expect(result.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/pipegate-member/pipegate`);
    expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(result.Credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(identities.whoIs(result.Credentials?.AccessKeyId)?.account).toBe(MEMBER);
  });

  it('denies AssumeRole on a role that does not exist or does not trust the caller', async () => {
    // Prepare
    identities.createRole(`arn:aws:iam::${MEMBER}:role/other`, ['999999999999']);

    // Act
    const missing = stsClient().send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::333333333333:role/pipegate-member`,
        RoleSessionName: 'x1',
      }),
    );
    const untrusted = stsClient().send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/other`, RoleSessionName: 'x1' }),
    );

    // Assess
    await expect(missing).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(untrusted).rejects.toThrow(/is not authorized to perform: sts:AssumeRole/);
  });

  it('shows a member account’s pipeline only to that account’s credentials, in its region', async () => {
    // Prepare: the SDK's own provider, reaching the stand-in through AWS_ENDPOINT_URL_STS like the functions.
    process.env.AWS_ENDPOINT_URL_STS = sts.url;
    const assumed = fromTemporaryCredentials({
      params: { RoleArn: ROLE, RoleSessionName: 'pipegate' },
      masterCredentials: CENTRAL,
      clientConfig: { region: 'eu-west-1' },
    });

    // Act
    const asMember = await pipelineClient('us-west-2', assumed).send(
      new GetPipelineCommand({ name: 'payments' }),
    );
    const asCentral = pipelineClient('us-west-2', CENTRAL).send(new GetPipelineCommand({ name: 'payments' }));
    const wrongRegion = pipelineClient('eu-west-1', assumed).send(
      new GetPipelineCommand({ name: 'payments' }),
    );

    // Assess
    expect(asMember.pipeline?.name).toBe('payments');
    await expect(asCentral).rejects.toBeInstanceOf(PipelineNotFoundException);
    await expect(wrongRegion).rejects.toBeInstanceOf(PipelineNotFoundException);
    expect(codepipeline.signedCalls('GetPipeline').map((call) => [call.account, call.region])).toEqual([
      [MEMBER, 'us-west-2'],
      [identities.homeAccount, 'us-west-2'],
      [MEMBER, 'eu-west-1'],
    ]);
    expect(sts.assumeRoleCalls().at(-1)).toMatchObject({ roleArn: ROLE, allowed: true });
  });
});
