import type { MemberAccount } from '../config/accounts-config';

/** Where a pipeline lives: both come from the event, and are stored with every record. */
export interface PipelineLocation {
  account?: string;
  region?: string;
}

/** The central account pipegate runs in, and its region. */
export interface HomeAccount {
  /** Unknown only in single-account setups (no `accounts:` listed), where every pipeline is home. */
  accountId?: string;
  region?: string;
}

/** How pipegate may reach a pipeline's account and region, or why it may not. */
export type AccountAccess =
  | { kind: 'home'; account?: string; region?: string }
  | { kind: 'member'; account: string; region?: string; roleArn: string; name?: string }
  | { kind: 'refused'; account?: string; region?: string; why: string };

/** The member role's name when an account does not give its own ARN; the member template's default too. */
export const DEFAULT_MEMBER_ROLE_NAME = 'pipegate-member';

const partitionOf = (region: string | undefined): string => {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
};

/**
 * The role ARN pipegate assumes in a member account: the configured one, else the conventional name.
 * @example memberRoleArn({ id: '210987654321' }, 'pipegate-member', 'us-west-2') // 'arn:aws:iam::210987654321:role/pipegate-member'
 */
export const memberRoleArn = (account: MemberAccount, roleName: string, region?: string): string =>
  account.roleArn ?? `arn:${partitionOf(region)}:iam::${account.id}:role/${roleName}`;

/**
 * Decides how to reach a pipeline's account: the central account's own credentials (pipelines in this
 * account, in any region — exactly as before there were member accounts), a member account's role, or a
 * refusal when the account or region is not configured, so an unknown account can never be acted on.
 * @example
 * accountAccess({ account: '210987654321', region: 'us-west-2' }, { home, accounts, roleName: 'pipegate-member' });
 */
export const accountAccess = (
  where: PipelineLocation,
  options: { home: HomeAccount; accounts: readonly MemberAccount[]; roleName: string },
): AccountAccess => {
  const { account, region } = where;
  const { home, accounts } = options;
  const singleAccount = home.accountId === undefined && accounts.length === 0;
  if (account === undefined || account === home.accountId || singleAccount) {
    return { kind: 'home', account, region };
  }
  const member = accounts.find((candidate) => candidate.id === account);
  if (!member) {
    return { kind: 'refused', account, region, why: `account ${account} is not listed under accounts:` };
  }
  if (member.regions && region !== undefined && !member.regions.includes(region)) {
    const listed = member.regions.join(', ');
    return {
      kind: 'refused',
      account,
      region,
      why: `region ${region} is not listed for account ${account} (regions: ${listed})`,
    };
  }
  return {
    kind: 'member',
    account,
    region,
    roleArn: memberRoleArn(member, options.roleName, region ?? home.region),
    name: member.name,
  };
};
