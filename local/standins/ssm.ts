import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from './aws-account';
import { ServiceError, serviceErrorResponse } from './codepipeline-json-protocol';
import type { ServerOptions, StandInRequest, StandInResponse } from './http';
import { FaultQueue, jsonResponse, sigV4Scope, startHttpServer } from './http';

export interface SsmStandIn {
  url: string;
  close(): Promise<void>;
  /** Stores (or replaces) a SecureString. */
  put(name: string, value: string): void;
  /** The next `times` GetParameter(s) calls fail with this error (e.g. ThrottlingException, 400). */
  injectFault(fault: { name: string; status?: number }, times?: number): void;
  calls(): { operation: string; names: string[] }[];
}

/**
 * Starts an AWS Systems Manager Parameter Store stand-in (AWS JSON 1.1, `X-Amz-Target: AmazonSSM.<Op>`)
 * serving GetParameter and GetParameters for SecureStrings, with injectable faults (throttling at cold start).
 * Reach it through AWS_ENDPOINT_URL_SSM.
 */
export async function startSsmStandIn(options: ServerOptions = {}): Promise<SsmStandIn> {
  const parameters = new Map<string, { value: string; version: number }>();
  const faults = new FaultQueue<{ name: string; status?: number }>();
  const calls: { operation: string; names: string[] }[] = [];
  const shape = (name: string, stored: { value: string; version: number }, region: string) => ({
    Name: name,
    Type: 'SecureString',
    Value: stored.value,
    Version: stored.version,
    DataType: 'text',
    ARN: `arn:aws:ssm:${region}:${LOCAL_ACCOUNT_ID}:parameter${name}`,
    LastModifiedDate: 1_700_000_000,
  });

  const handle = (request: StandInRequest): StandInResponse => {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^AmazonSSM\./, '');
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() };
    try {
      const input = JSON.parse(request.body || '{}') as { Name?: string; Names?: string[] };
      const names = input.Names ?? (input.Name ? [input.Name] : []);
      const region = sigV4Scope(request.headers).region ?? 'us-east-1';
      calls.push({ operation, names });
      const fault = faults.take('GetParameter');
      if (fault) throw new ServiceError(fault.name, `Injected ${fault.name}`, fault.status ?? 400);
      if (operation === 'GetParameter') {
        const stored = parameters.get(String(input.Name));
        if (stored === undefined) throw new ServiceError('ParameterNotFound', `${input.Name} not found`);
        return jsonResponse(200, { Parameter: shape(String(input.Name), stored, region) }, headers);
      }
      if (operation === 'GetParameters') {
        const found = names.filter((name) => parameters.has(name));
        return jsonResponse(
          200,
          {
            Parameters: found.flatMap((name) => {
              const stored = parameters.get(name);
              return stored ? [shape(name, stored, region)] : [];
            }),
            InvalidParameters: names.filter((name) => !parameters.has(name)),
          },
          headers,
        );
      }
      throw new ServiceError('UnknownOperationException', `Unknown operation ${operation}`);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      return serviceErrorResponse(error, headers);
    }
  };

  const server = await startHttpServer(handle, options);
  return {
    url: server.url,
    close: () => server.close(),
    put: (name, value) =>
      void parameters.set(name, { value, version: (parameters.get(name)?.version ?? 0) + 1 }),
    injectFault: (fault, times = 1) => faults.add('GetParameter', fault, times),
    calls: () => structuredClone(calls),
  };
}
