import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import {
  type AccountAccess,
  accountAccess,
  DEFAULT_MEMBER_ROLE_NAME,
  type HomeAccount,
  type PipelineLocation,
} from '../../accounts/account-access';
import type { MemberAccount } from '../../config/accounts-config';
import { PipegateError } from '../../errors';
import { assumedRoleCredentials } from './assumed-role-credentials';

/** Port: the CodePipeline client for a pipeline's account and region. */
export interface PipelineClients {
  /**
   * The client to call CodePipeline with for a pipeline in `where`.
   * @throws PipegateError ACCOUNT_NOT_CONFIGURED when the account (or its region) is not configured
   */
  for(where: PipelineLocation): CodePipelineClient;
}

export interface PipelineClientsOptions {
  home: HomeAccount;
  accounts: readonly MemberAccount[];
  /** The member role's name where an account gives no ARN (serverless.yml: PIPEGATE_MEMBER_ROLE_NAME). */
  memberRoleName?: string;
  /** The function's own client (its module-scope one), used for its own account in its own region. */
  homeClient?: CodePipelineClient;
}

const refusal = (access: Extract<AccountAccess, { kind: 'refused' }>): PipegateError =>
  new PipegateError('ACCOUNT_NOT_CONFIGURED', `pipegate is not set up to act here: ${access.why}`, {
    details: { account: access.account ?? 'unknown', region: access.region ?? 'unknown' },
  });

/**
 * CodePipeline clients per account and region, each built once: the central account's with the function's
 * own credentials, a member account's with its role's (AssumeRole, cached per account until expiry and
 * shared by its regions). Every CodePipeline call pipegate makes goes through one of these.
 * @example
 * const clients = createPipelineClients({ home: { accountId: '123456789012', region: 'eu-west-1' }, accounts: config.accounts });
 * clients.for({ account: '210987654321', region: 'us-west-2' });
 */
export const createPipelineClients = (options: PipelineClientsOptions): PipelineClients => {
  const clients = new Map<string, CodePipelineClient>();
  const credentials = new Map<string, ReturnType<typeof assumedRoleCredentials>>();
  const roleName = options.memberRoleName || DEFAULT_MEMBER_ROLE_NAME;

  const build = (access: Exclude<AccountAccess, { kind: 'refused' }>): CodePipelineClient => {
    const region = access.region ?? options.home.region;
    if (access.kind === 'home') {
      const sameRegion = access.region === undefined || access.region === options.home.region;
      return sameRegion && options.homeClient ? options.homeClient : new CodePipelineClient({ region });
    }
    let provider = credentials.get(access.roleArn);
    if (!provider) {
      provider = assumedRoleCredentials({ roleArn: access.roleArn, region: options.home.region });
      credentials.set(access.roleArn, provider);
    }
    return new CodePipelineClient({ region, credentials: provider });
  };

  return {
    for(where) {
      const access = accountAccess(where, { home: options.home, accounts: options.accounts, roleName });
      if (access.kind === 'refused') throw refusal(access);
      const key = `${access.kind === 'home' ? 'home' : access.account}/${access.region ?? ''}`;
      let client = clients.get(key);
      if (!client) {
        client = build(access);
        clients.set(key, client);
      }
      return client;
    },
  };
};

/**
 * The options from a function's environment: PIPEGATE_ACCOUNT_ID (serverless.yml sets it to the stack's
 * account), AWS_REGION (Lambda sets it) and PIPEGATE_MEMBER_ROLE_NAME.
 * @example createPipelineClients(pipelineClientsFromEnv(config.accounts, process.env, codepipeline));
 */
export const pipelineClientsFromEnv = (
  accounts: readonly MemberAccount[],
  env: Record<string, string | undefined>,
  homeClient?: CodePipelineClient,
): PipelineClientsOptions => ({
  home: { accountId: env.PIPEGATE_ACCOUNT_ID || undefined, region: env.AWS_REGION || undefined },
  accounts,
  memberRoleName: env.PIPEGATE_MEMBER_ROLE_NAME,
  homeClient,
});
