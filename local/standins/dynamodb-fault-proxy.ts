import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does to the next requests. */
export interface DynamoFaultPlan {
  /** Share of requests (0..1) answered with a throttling error instead of reaching DynamoDB. */
  throttleShare: number;
  random: () => number;
}

export interface DynamoFaultProxy {
  /** Stable endpoint (same port across stop/start), for AWS_ENDPOINT_URL_DYNAMODB. */
  url: string;
  /** DynamoDB goes away: open connections are cut and new ones refused (ECONNREFUSED). */
  stop(): Promise<void>;
  /** DynamoDB is back on the same port. */
  start(): Promise<void>;
  throttle(plan: DynamoFaultPlan): void;
  /** Throttling errors sent so far, by kind. */
  injected(): Record<string, number>;
  close(): Promise<void>;
}

// DynamoDB answers throttling with HTTP 400 and one of these types (AWS JSON 1.0 `__type`).
const THROTTLES = ['ProvisionedThroughputExceededException', 'ThrottlingException'] as const;

/**
 * An HTTP proxy in front of dynalite that injects what DynamoDB does under trouble: throttling on a share of
 * calls, and the whole service going away and coming back (connection refused, then served again). The SDK
 * and pipegate see real wire-level failures, not mocks.
 */
export async function startDynamoFaultProxy(target: string): Promise<DynamoFaultProxy> {
  const upstream = new URL(target);
  let plan: DynamoFaultPlan = { throttleShare: 0, random: Math.random };
  const injected: Record<string, number> = {};
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (plan.throttleShare > 0 && plan.random() < plan.throttleShare) {
        const type = THROTTLES[plan.random() < 0.5 ? 0 : 1];
        injected[type] = (injected[type] ?? 0) + 1;
        const body = JSON.stringify({
          __type: `com.amazonaws.dynamodb.v20120810#${type}`,
          message: 'Rate exceeded',
        });
        res.writeHead(400, {
          'content-type': 'application/x-amz-json-1.0',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (reply) => {
          res.writeHead(reply.statusCode ?? 500, reply.headers);
          reply.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    stop,
    start: () => listen(port),
    throttle: (next) => {
      plan = next;
    },
    injected: () => ({ ...injected }),
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
