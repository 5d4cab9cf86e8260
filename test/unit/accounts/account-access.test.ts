import { accountAccess, type HomeAccount } from '../../../shared/accounts/account-access';
import { whereLabel } from '../../../shared/accounts/account-names';
import type { MemberAccount } from '../../../shared/config/accounts-config';

const home = { accountId: '123456789012', region: 'eu-west-1' };
const accounts = [
  { id: '210987654321', name: 'payments-prod', regions: ['us-west-2'] },
  { id: '444444444444', roleArn: 'arn:aws:iam::444444444444:role/team/pipegate' },
];
const access = (
  where: { account?: string; region?: string },
  options: { home: HomeAccount; accounts: MemberAccount[] } = { home, accounts },
) => accountAccess(where, { ...options, roleName: 'pipegate-member' });

describe('accountAccess', () => {
  it.each([
    ['the central account, any region', { account: '123456789012', region: 'ap-south-1' }, 'home'],
    ['a record from before accounts were stored', {}, 'home'],
    ['a listed account in a listed region', { account: '210987654321', region: 'us-west-2' }, 'member'],
    ['a listed account with any region', { account: '444444444444', region: 'sa-east-1' }, 'member'],
    ['an account not listed', { account: '333333333333', region: 'us-west-2' }, 'refused'],
    [
      'a listed account in a region it does not list',
      { account: '210987654321', region: 'eu-west-1' },
      'refused',
    ],
  ])('%s → %s', (_, where, kind) => {
    // Act
    const result = access(where);

    // Assess
    expect(result.kind).toBe(kind);
  });

  it('assumes the conventional role unless the account names its own', () => {
    // Act
    const conventional = access({ account: '210987654321', region: 'us-west-2' });
    const own = access({ account: '444444444444', region: 'us-west-2' });
    const china = accountAccess(
      { account: '555555555555', region: 'cn-north-1' },
      { home, accounts: [{ id: '555555555555' }], roleName: 'pipegate-member' },
    );

    // Assess
    expect(conventional).toMatchObject({
      roleArn: 'arn:aws:iam::210987654321:role/pipegate-member',
      name: 'payments-prod',
    });
    expect(own).toMatchObject({ roleArn: 'arn:aws:iam::444444444444:role/team/pipegate' });
    expect(china).toMatchObject({ roleArn: 'arn:aws-cn:iam::555555555555:role/pipegate-member' });
  });

  it('says why it refuses', () => {
    // Act
    const unlisted = access({ account: '333333333333', region: 'us-west-2' });
    const region = access({ account: '210987654321', region: 'eu-west-1' });

    // Assess
    expect(unlisted).toMatchObject({ why: 'account 333333333333 is not listed under accounts:' });
    expect(region).toMatchObject({
      why: 'region eu-west-1 is not listed for account 210987654321 (regions: us-west-2)',
    });
  });

  it('treats every pipeline as its own in a single-account setup (no accounts, home unknown)', () => {
    // Act
    const result = access({ account: '333333333333', region: 'us-west-2' }, { home: {}, accounts: [] });

    // Assess
    expect(result.kind).toBe('home');
  });
});

describe('whereLabel', () => {
  it.each([
    [{ account: '210987654321', region: 'us-west-2' }, 'payments-prod (210987654321) · us-west-2'],
    [{ account: '333333333333', region: 'us-west-2' }, '333333333333 · us-west-2'],
    [{ region: 'us-west-2' }, 'us-west-2'],
    [{}, ''],
  ])('%j → %j', (where, expected) => {
    // Act
    const label = whereLabel(where, (id) => (id === '210987654321' ? 'payments-prod' : undefined));

    // Assess
    expect(label).toBe(expected);
  });
});
