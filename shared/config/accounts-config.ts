import * as z from 'zod';
import { accountId, strictObject } from './config-fields';
import { show } from './config-issues';

/** An AWS account pipegate acts in besides its own (the central one, which never needs listing). */
export interface MemberAccount {
  id: string;
  /** Shown on cards, pages and in the CLI next to the id, e.g. `payments-prod`. */
  name?: string;
  /** The role the central functions assume there; absent means the conventional member role name. */
  roleArn?: string;
  /** Regions whose pipelines pipegate may act on; absent means any region. */
  regions?: string[];
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws[-a-z]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

const region = z
  .string()
  .regex(REGION, { error: (issue) => `${show(issue.input)} is not an AWS region (expected e.g. eu-west-1)` });

const roleArn = z.string().regex(ROLE_ARN, {
  error: (issue) =>
    `${show(issue.input)} is not an IAM role ARN (expected arn:aws:iam::<12-digit account>:role/<name>)`,
});

const memberAccount = strictObject({
  id: accountId,
  name: z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters').optional(),
  roleArn: roleArn.optional(),
  regions: z.array(region).min(1, 'must list at least one region (leave regions out for any)').optional(),
}).superRefine((account, ctx) => {
  // A role in another account would be assumed for this one's pipelines: almost certainly a paste mistake.
  const roleAccount = account.roleArn ? ROLE_ARN.exec(account.roleArn)?.[1] : undefined;
  if (roleAccount && roleAccount !== account.id) {
    ctx.addIssue({
      code: 'custom',
      path: ['roleArn'],
      message: `names account ${show(roleAccount)}, not this account ${show(account.id)}`,
    });
  }
});

/**
 * The `accounts:` section: member accounts whose pipelines pipegate may act on (approvals, reconciliation,
 * catch-up). Each id at most once, so a lookup can never pick the wrong role.
 * @example
 * accountsSchema.parse([{ id: '210987654321', name: 'payments-prod', regions: ['us-west-2'] }]);
 */
export const accountsSchema = z.array(memberAccount).superRefine((accounts, ctx) => {
  const seen = new Map<string, number>();
  accounts.forEach((account, index) => {
    const first = seen.get(account.id);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'id'],
        message: `${show(account.id)} is already listed at accounts[${first}]`,
      });
    } else seen.set(account.id, index);
  });
});
