import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in was asked, and the parameters it holds (change them to create or rotate one). */
export interface SsmStandIn {
  url: string;
  asked: string[];
  parameters: Map<string, string>;
  /** Names this "role" may not read: answered AccessDeniedException, as IAM would. */
  denied: Set<string>;
  close(): Promise<void>;
}

const reply = (status: number, body: unknown) => ({ status, text: JSON.stringify(body) });

/**
 * SSM's GetParameter over its real wire protocol (JSON 1.1, `X-Amz-Target: AmazonSSM.GetParameter`), enough
 * for the Powertools provider: a value, ParameterNotFound, or AccessDeniedException for a denied name.
 * @example const ssm = await startSsmStandIn(); process.env.AWS_ENDPOINT_URL_SSM = ssm.url;
 */
export const startSsmStandIn = async (): Promise<SsmStandIn> => {
  const asked: string[] = [];
  const parameters = new Map<string, string>();
  const denied = new Set<string>();
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const name = String((JSON.parse(raw || '{}') as { Name?: unknown }).Name ?? '');
      asked.push(name);
      const value = parameters.get(name);
      const answer =
        target !== 'AmazonSSM.GetParameter'
          ? reply(400, { __type: 'InvalidAction', message: `stand-in does not implement ${target}` })
          : denied.has(name)
            ? reply(400, {
                __type: 'AccessDeniedException',
                message: `not authorized to perform ssm:GetParameter on ${name}`,
              })
            : value === undefined
              ? reply(400, { __type: 'ParameterNotFound', message: '' })
              : reply(200, { Parameter: { Name: name, Type: 'SecureString', Value: value, Version: 1 } });
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(answer.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    parameters,
    denied,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
