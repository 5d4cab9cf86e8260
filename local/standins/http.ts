import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a stand-in sees it: the body is already read, because every protocol here needs all of it. */
export interface StandInRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a stand-in answers; kept as plain data so handlers stay synchronous and easy to read. */
export interface StandInResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export type StandInHandler = (request: StandInRequest) => StandInResponse | Promise<StandInResponse>;

/** A listening server: its base URL (no trailing slash) and a way to stop it. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Options shared by every stand-in. */
export interface ServerOptions {
  /** Fixed port for the local stack; tests leave it out and get a free port. */
  port?: number;
}

/**
 * Reads a request body completely as UTF-8 text.
 *
 * @example
 * const body = await readBody(req);
 */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Builds a JSON response.
 *
 * @example
 * return jsonResponse(200, { ok: true });
 */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): StandInResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * Starts a node:http server on 127.0.0.1 (port 0 = any free port) that hands each request to `handler`.
 *
 * @example
 * const server = await startHttpServer((req) => jsonResponse(200, { path: req.path }));
 * await fetch(`${server.url}/x`);
 * await server.close();
 */
export async function startHttpServer(
  handler: StandInHandler,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const respond = async (): Promise<StandInResponse> => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      return handler({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      });
    };
    respond()
      .catch((error: unknown) => {
        // A bug in a stand-in must fail the caller loudly instead of leaving the socket hanging.
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        return {
          status: 500,
          headers: { 'content-type': 'text/plain' },
          body: `stand-in failure: ${message}`,
        };
      })
      .then((reply) => {
        res.writeHead(reply.status, {
          'content-length': String(Buffer.byteLength(reply.body)),
          ...reply.headers,
        });
        res.end(reply.body);
      });
  });
  // Longer than clients' keep-alive, so a client never reuses a socket the server is just closing.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; without this, close() would wait for their idle timeout.
        server.closeAllConnections();
      }),
  };
}

/**
 * Reads the SigV4 credential scope (`Credential=<key>/<date>/<region>/<service>/aws4_request`), which is how an
 * AWS stand-in learns the caller's region and access key without checking the signature.
 *
 * @example
 * const { region } = sigV4Scope(request.headers); // 'eu-west-1'
 */
export function sigV4Scope(headers: IncomingHttpHeaders): { accessKeyId?: string; region?: string } {
  const match = /Credential=([^/]+)\/\d+\/([^/]+)\//.exec(headers.authorization ?? '');
  return match ? { accessKeyId: match[1], region: match[2] } : {};
}

/** Counts down injected faults per operation; shared so all three stand-ins fail the same way. */
export class FaultQueue<F> {
  private readonly faults = new Map<string, { fault: F; remaining: number }[]>();

  /** Queues `fault` for the next `times` calls of `operation`. */
  add(operation: string, fault: F, times: number): void {
    const queue = this.faults.get(operation) ?? [];
    queue.push({ fault, remaining: times });
    this.faults.set(operation, queue);
  }

  /** Returns the fault to apply to this call of `operation`, if any, and uses one of its repetitions. */
  take(operation: string): F | undefined {
    const queue = this.faults.get(operation);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.fault;
  }

  clear(): void {
    this.faults.clear();
  }
}
