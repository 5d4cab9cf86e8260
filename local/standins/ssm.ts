import { jsonResponse, type RunningServer, sigV4Scope, startHttpServer } from './http';

/** A running SSM stand-in: GetParameter / GetParameters over SecureStrings it was given. */
export interface SsmStandIn extends RunningServer {
  /** Stores (or replaces) a SecureString. */
  put(name: string, value: string): void;
}

const notFound = (name: string) =>
  jsonResponse(
    400,
    { __type: 'ParameterNotFound', message: `Parameter ${name} not found.` },
    {
      'x-amzn-errortype': 'ParameterNotFound',
    },
  );

/**
 * Starts a stand-in for the two SSM operations pipegate uses to read its secrets (JSON 1.1 protocol,
 * `X-Amz-Target: AmazonSSM.<Op>`), so the SSM path — and the IAM it needs — runs locally too.
 *
 * @example
 * const ssm = await startSsmStandIn();
 * ssm.put('/pipegate/dev/link-keys', '{"k1":"…"}');
 * process.env.AWS_ENDPOINT_URL_SSM = ssm.url;
 */
export const startSsmStandIn = async (): Promise<SsmStandIn> => {
  const parameters = new Map<string, { value: string; version: number }>();
  const describe = (name: string, region: string) => {
    const stored = parameters.get(name);
    if (!stored) return undefined;
    return {
      Name: name,
      Type: 'SecureString',
      Value: stored.value,
      Version: stored.version,
      DataType: 'text',
      ARN: `arn:aws:ssm:${region}:000000000000:parameter${name}`,
      LastModifiedDate: Date.now() / 1000,
    };
  };
  const server = await startHttpServer((request) => {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^AmazonSSM\./, '');
    const input = JSON.parse(request.body || '{}') as { Name?: string; Names?: string[] };
    const region = sigV4Scope(request.headers).region ?? 'us-east-1';
    if (operation === 'GetParameter') {
      const parameter = describe(input.Name ?? '', region);
      return parameter ? jsonResponse(200, { Parameter: parameter }) : notFound(input.Name ?? '');
    }
    if (operation === 'GetParameters') {
      const names = input.Names ?? [];
      return jsonResponse(200, {
        Parameters: names.flatMap((name) => describe(name, region) ?? []),
        InvalidParameters: names.filter((name) => !parameters.has(name)),
      });
    }
    return jsonResponse(400, {
      __type: 'UnknownOperationException',
      message: `${operation} is not supported`,
    });
  });
  return {
    ...server,
    put(name, value) {
      parameters.set(name, { value, version: (parameters.get(name)?.version ?? 0) + 1 });
    },
  };
};
