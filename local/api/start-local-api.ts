import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatchToLambda, type LocalRoute } from './local-api-gateway';
import { BodyTooLarge, guardRequest, readBody } from './request-guard';

/** Serves anything that is not an API route (the local web page); returns false when it did not. */
export type FallbackHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
) => Promise<boolean>;

export interface LocalApi {
  url: string;
  close(): Promise<void>;
}

const sendError = (response: ServerResponse, status: number, code: string, message: string): void => {
  // Connection: close — after refusing a body we do not read the rest of it.
  response.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  response.end(JSON.stringify({ error: { code, message } }));
};

/**
 * The local stand-in for API Gateway: one HTTP server on 127.0.0.1 that routes the HTTP API's routes to the
 * real Lambda handlers (payload 2.0 events) and everything else to `fallback`. Every request passes
 * {@link guardRequest} first (path, Host, Origin, body size): the page shows live approval links.
 */
export const startLocalApi = async (
  routes: readonly LocalRoute[],
  options: { port?: number; fallback?: FallbackHandler } = {},
): Promise<LocalApi> => {
  const server = createServer(async (request, response) => {
    const refusal = guardRequest(request);
    if (refusal) {
      sendError(response, refusal.status, refusal.code, refusal.message);
      return;
    }
    try {
      const body = await readBody(request);
      const result = await dispatchToLambda(routes, request, body);
      if (result) {
        response.writeHead(result.status, result.headers);
        response.end(result.body);
        return;
      }
      if (options.fallback && (await options.fallback(request, response, body))) return;
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no such route' } }));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        if (!response.headersSent) sendError(response, 413, 'PAYLOAD_TOO_LARGE', error.message);
        return;
      }
      // API Gateway answers 500 when the integration throws; so do we, and say why on the console.
      console.error('local API:', error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Internal Server Error' }));
    }
  });
  // Longer than clients' keep-alive, so a client never reuses a socket the server is just closing.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
