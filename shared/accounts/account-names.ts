import type { MemberAccount } from '../config/accounts-config';

/** The name people know an account by, if the config gives it one. */
export type AccountNamer = (accountId: string | undefined) => string | undefined;

/**
 * Names accounts from the `accounts:` section.
 * @example accountNamer([{ id: '210987654321', name: 'payments-prod' }])('210987654321') // 'payments-prod'
 */
export const accountNamer =
  (accounts: readonly MemberAccount[]): AccountNamer =>
  (accountId) =>
    accountId === undefined ? undefined : accounts.find((account) => account.id === accountId)?.name;

/**
 * Where a pipeline runs, as cards, pages and the CLI show it: `payments-prod (210987654321) · us-west-2`,
 * or just the id when the account has no name; empty when nothing is known.
 * @example whereLabel({ account: '210987654321', region: 'us-west-2' }, () => 'payments-prod')
 */
export const whereLabel = (
  where: { account?: string; region?: string },
  name: AccountNamer = () => undefined,
  separator = ' · ',
): string => {
  const label = name(where.account);
  const account = label && where.account ? `${label} (${where.account})` : where.account;
  return [account, where.region].filter(Boolean).join(separator);
};
