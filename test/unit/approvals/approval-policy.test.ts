import {
  approvalExpiry,
  approvalPolicyFor,
  isAllowedApprover,
} from '../../../shared/approvals/approval-policy';
import { parseConfig } from '../../../shared/config/load-config';
import type { ApprovalPolicy } from '../../../shared/config/pipegate-config';

const config = parseConfig(
  `
approvals:
  - name: prod releases
    match: { pipelines: ["prod-*"], stages: ["Release*"], actions: ["*"] }
    slack: { users: [U0JANE001], userGroups: [S0RELEASE] }
    emails: [Release-Managers@Example.com]
    expiresAfterHours: 24
  - name: everything else
    match: { pipelines: ["*"] }
    emails: [sam@example.com]
  - name: never reached
    match: { pipelines: ["prod-*"] }
    emails: [late@example.com]
`,
  { source: 'approvals.yaml', env: {} },
);

const prodRelease = { pipeline: 'prod-api', stage: 'Release', action: 'Approve' };

const policyFor = (target: typeof prodRelease): ApprovalPolicy => {
  const policy = approvalPolicyFor(config, target);
  if (!policy) throw new Error(`no policy for ${JSON.stringify(target)}`);
  return policy;
};

describe('approvalPolicyFor', () => {
  it('returns the first policy that matches', () => {
    // Prepare
    const target = prodRelease;

    // Act
    const policy = approvalPolicyFor(config, target);

    // Assess
    expect(policy?.name).toBe('prod releases');
  });

  it('falls through to a later policy when an earlier one does not match', () => {
    // Prepare
    const target = { pipeline: 'prod-api', stage: 'Canary', action: 'Approve' };

    // Act
    const policy = approvalPolicyFor(config, target);

    // Assess
    expect(policy?.name).toBe('everything else');
  });

  it('returns nothing when no policy matches', () => {
    // Prepare
    const strict = parseConfig(
      'approvals:\n  - match: { pipelines: ["prod-*"] }\n    emails: [a@example.com]\n',
      {
        source: 'strict.yaml',
        env: {},
      },
    );

    // Act
    const policy = approvalPolicyFor(strict, {
      pipeline: 'staging-api',
      stage: 'Release',
      action: 'Approve',
    });

    // Assess
    expect(policy).toBeUndefined();
  });
});

describe('isAllowedApprover', () => {
  const policy = policyFor(prodRelease);

  it('allows a listed Slack user', () => {
    // Prepare
    const approver = { slackUserId: 'U0JANE001' };

    // Act
    const allowed = isAllowedApprover(policy, approver);

    // Assess
    expect(allowed).toBe(true);
  });

  it('allows a member of a listed user group', () => {
    // Prepare
    const approver = { slackUserId: 'U0BOB0003', slackGroups: ['S0OTHER01', 'S0RELEASE'] };

    // Act
    const allowed = isAllowedApprover(policy, approver);

    // Assess
    expect(allowed).toBe(true);
  });

  it('allows a listed email, whatever its case', () => {
    // Prepare
    const approver = { email: ' release-managers@EXAMPLE.com ' };

    // Act
    const allowed = isAllowedApprover(policy, approver);

    // Assess
    expect(allowed).toBe(true);
  });

  it('refuses anyone else', () => {
    // Prepare
    const approver = { slackUserId: 'U0BOB0003', email: 'bob@example.com', slackGroups: ['S0OTHER01'] };

    // Act
    const allowed = isAllowedApprover(policy, approver);

    // Assess
    expect(allowed).toBe(false);
  });

  it('refuses someone nobody could identify', () => {
    // Prepare
    const approver = { email: '' };

    // Act
    const allowed = isAllowedApprover(policy, approver);

    // Assess
    expect(allowed).toBe(false);
  });
});

describe('approvalExpiry', () => {
  const policy = policyFor(prodRelease);
  const requestedAt = new Date('2026-07-01T10:00:00.000Z');

  it('expires after the policy hours when the action timeout is unknown', () => {
    // Prepare
    const timeout = undefined;

    // Act
    const expiry = approvalExpiry(policy, requestedAt, timeout);

    // Assess
    expect(expiry.toISOString()).toBe('2026-07-02T10:00:00.000Z');
  });

  it('is capped by a shorter action timeout', () => {
    // Prepare
    const timeoutMinutes = 90;

    // Act
    const expiry = approvalExpiry(policy, requestedAt, timeoutMinutes);

    // Assess
    expect(expiry.toISOString()).toBe('2026-07-01T11:30:00.000Z');
  });

  it('keeps the policy hours when the action timeout is longer', () => {
    // Prepare
    const timeoutMinutes = 7 * 24 * 60;

    // Act
    const expiry = approvalExpiry(policy, requestedAt, timeoutMinutes);

    // Assess
    expect(expiry.toISOString()).toBe('2026-07-02T10:00:00.000Z');
  });
});
