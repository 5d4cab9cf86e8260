import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { type AccountNamer, accountNamer, whereLabel } from '../shared/accounts/account-names';
import { accountsSchema, type MemberAccount } from '../shared/config/accounts-config';
import { DEFAULT_CONFIG_FILE } from '../shared/config/config-file';

/**
 * The `accounts:` section of the config file the functions use (PIPEGATE_CONFIG, else pipegate.config.yaml),
 * read on its own: the CLI and the local page only need names, so a file that is otherwise incomplete here
 * (no topic ARN on an ops laptop) still names accounts; an unreadable or invalid section names none.
 * @example configuredAccounts(process.env) // [{ id: '210987654321', name: 'payments-prod', regions: ['us-west-2'] }]
 */
export const configuredAccounts = (env: Record<string, string | undefined>): MemberAccount[] => {
  try {
    const file: unknown = parse(readFileSync(resolve(env.PIPEGATE_CONFIG || DEFAULT_CONFIG_FILE), 'utf8'));
    const section =
      file !== null && typeof file === 'object' ? (file as { accounts?: unknown }).accounts : undefined;
    const parsed = accountsSchema.safeParse(section ?? []);
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
};

/** Names accounts as the config does; ids only when it cannot be read. */
export const cliAccountNamer = (env: Record<string, string | undefined>): AccountNamer =>
  accountNamer(configuredAccounts(env));

/**
 * The ACCOUNT column: `payments-prod (210987654321) us-west-2`.
 * @example whereColumn(cliAccountNamer(io.env))({ account: '210987654321', region: 'us-west-2' })
 */
export const whereColumn =
  (name: AccountNamer) =>
  (row: { account?: string; region?: string }): string =>
    whereLabel(row, name, ' ');
