import { randomUUID } from 'node:crypto';
import type { AwsIdentities, Caller } from './aws-identities';
import type { ServerOptions, StandInRequest, StandInResponse } from './http';
import { jsonResponse, sigV4Scope, startHttpServer } from './http';
import { xmlFields } from './sns-query-protocol';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface StsStandIn {
  url: string;
  close(): Promise<void>;
  /** Every AssumeRole call: who asked, for which role, and whether it was allowed. */
  assumeRoleCalls(): { caller: string; roleArn: string; sessionName: string; allowed: boolean }[];
}

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const headersFor = (requestId: string) => ({ 'content-type': 'text/xml', 'x-amzn-requestid': requestId });

const errorResponse = (error: StsError, requestId: string): StandInResponse => {
  const fields = xmlFields({
    Type: error.status >= 500 ? 'Receiver' : 'Sender',
    Code: error.code,
    Message: error.message,
  });
  return {
    status: error.status,
    headers: headersFor(requestId),
    body: `<ErrorResponse xmlns="${NS}"><Error>${fields}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
};

const resultResponse = (action: string, result: string, requestId: string): StandInResponse => ({
  status: 200,
  headers: headersFor(requestId),
  body: `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
});

/** DurationSeconds: 900 s to 12 h, as STS allows (the role's own maximum is not modelled). */
const durationOf = (value: string | null): number => {
  const seconds = value === null ? 3_600 : Number(value);
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43_200) {
    throw new StsError(
      400,
      'ValidationError',
      `1 validation error detected: Value '${value}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  }
  return seconds;
};

/**
 * Starts an AWS STS stand-in speaking awsQuery (form-encoded `Action=AssumeRole&Version=2011-06-15`, XML
 * answers, `<ErrorResponse>` errors) — what `fromTemporaryCredentials` calls. The caller is told apart by
 * the access key id in its SigV4 Authorization header; roles and trust come from `identities`.
 *
 * @example
 * const sts = await startStsStandIn({ identities });
 * process.env.AWS_ENDPOINT_URL_STS = sts.url;
 */
export async function startStsStandIn(
  options: ServerOptions & { identities: AwsIdentities },
): Promise<StsStandIn> {
  const { identities } = options;
  const calls: { caller: string; roleArn: string; sessionName: string; allowed: boolean }[] = [];

  const assumeRole = (params: URLSearchParams, caller: Caller): string => {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new StsError(
        400,
        'ValidationError',
        `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`,
      );
    }
    const issued = identities.assumeRole(
      caller,
      roleArn,
      sessionName,
      durationOf(params.get('DurationSeconds')),
    );
    calls.push({ caller: caller.arn, roleArn, sessionName, allowed: !('denied' in issued) });
    if ('denied' in issued) throw new StsError(403, 'AccessDenied', issued.denied);
    const roleId = `AROA${issued.accessKeyId.slice(4)}:${sessionName}`;
    return (
      `<AssumedRoleUser>${xmlFields({ Arn: issued.assumedRoleArn, AssumedRoleId: roleId })}</AssumedRoleUser>` +
      `<Credentials>${xmlFields({
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: issued.expiration.toISOString(),
      })}</Credentials>`
    );
  };

  const handle = (request: StandInRequest): StandInResponse => {
    if (request.method === 'GET') return jsonResponse(200, { assumeRoleCalls: calls });
    const params = new URLSearchParams(request.body);
    const action = params.get('Action') ?? '';
    const requestId = randomUUID();
    try {
      const caller = identities.whoIs(sigV4Scope(request.headers).accessKeyId);
      if (!caller)
        throw new StsError(403, 'ExpiredToken', 'The security token included in the request is expired');
      if (action !== 'AssumeRole')
        throw new StsError(400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
      return resultResponse(action, assumeRole(params, caller), requestId);
    } catch (error) {
      if (!(error instanceof StsError)) throw error;
      return errorResponse(error, requestId);
    }
  };

  const server = await startHttpServer(handle, options);
  return { url: server.url, close: () => server.close(), assumeRoleCalls: () => structuredClone(calls) };
}
