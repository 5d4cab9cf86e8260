import { randomBytes } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from './aws-account';

/** Who signed a request, as the stand-ins tell from its access key id. */
export interface Caller {
  account: string;
  /** The IAM ARN CodePipeline would record as `updatedBy`. */
  arn: string;
  accessKeyId: string;
}

/** Temporary credentials as STS issues them. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  assumedRoleArn: string;
}

interface Role {
  arn: string;
  account: string;
  /** Accounts whose principals the role's trust policy lets in. */
  trustedAccounts: string[];
}

const ROLE_ARN = /^arn:aws[-a-z]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

/**
 * The local AWS identity world shared by the STS and CodePipeline stand-ins: which roles exist in which
 * account and whom they trust, and which account every issued access key belongs to. A key it never issued
 * (the `local`/`test` keys of the functions' environment) is the central account's, as it always was.
 *
 * @example
 * const identities = new AwsIdentities();
 * identities.createRole('arn:aws:iam::210987654321:role/pipegate-member');
 * const sts = await startStsStandIn({ identities });
 * const codepipeline = await startCodePipelineStandIn({ identities });
 */
export class AwsIdentities {
  private readonly roles = new Map<string, Role>();
  private readonly keys = new Map<string, Caller & { expiration: Date }>();

  constructor(
    readonly homeAccount: string = LOCAL_ACCOUNT_ID,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates a role (as a member stack does) trusted by the central account unless told otherwise. */
  createRole(arn: string, trustedAccounts: string[] = [this.homeAccount]): void {
    const match = ROLE_ARN.exec(arn);
    if (!match?.[1]) throw new Error(`not a role ARN: ${arn}`);
    this.roles.set(arn, { arn, account: match[1], trustedAccounts });
  }

  deleteRole(arn: string): void {
    this.roles.delete(arn);
  }

  /** The caller behind an access key; an expired temporary key is nobody. */
  whoIs(accessKeyId: string | undefined): Caller | undefined {
    const key = accessKeyId ?? 'anonymous';
    const issued = this.keys.get(key);
    if (issued) return issued.expiration > this.now() ? issued : undefined;
    if (key.startsWith('ASIA')) return undefined;
    return {
      account: this.homeAccount,
      arn: `arn:aws:iam::${this.homeAccount}:user/${key}`,
      accessKeyId: key,
    };
  }

  /**
   * AssumeRole's decision and result: the role must exist and trust the caller's account.
   * @returns the credentials, or why the call is denied (STS's AccessDenied wording)
   */
  assumeRole(
    caller: Caller,
    roleArn: string,
    sessionName: string,
    durationSeconds: number,
  ): IssuedCredentials | { denied: string } {
    const role = this.roles.get(roleArn);
    if (!role?.trustedAccounts.includes(caller.account)) {
      return {
        denied: `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      };
    }
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const assumedRoleArn = `arn:aws:sts::${role.account}:assumed-role/${roleName}/${sessionName}`;
    // ASIA… marks temporary keys, as in AWS; the account is recoverable only through this directory.
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const expiration = new Date(this.now().getTime() + durationSeconds * 1000);
    this.keys.set(accessKeyId, { account: role.account, arn: assumedRoleArn, accessKeyId, expiration });
    return {
      accessKeyId,
      secretAccessKey: randomBytes(20).toString('base64'),
      sessionToken: randomBytes(32).toString('base64'),
      expiration,
      assumedRoleArn,
    };
  }

  /** How many credentials were issued for roles in `account` (a test asks whether they were cached). */
  issuedFor(account: string): number {
    return [...this.keys.values()].filter((key) => key.account === account).length;
  }
}
