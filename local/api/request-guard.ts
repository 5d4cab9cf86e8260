import type { IncomingMessage } from 'node:http';

/** Far above any Slack interaction or confirm form; a bigger body is refused before it is buffered. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Host names the local stack answers to. Anything else is DNS rebinding or a misdirected request. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why a request is refused before any handler sees it. */
export interface GuardRefusal {
  status: number;
  code: string;
  message: string;
}

/**
 * The request's URL, read as a path on this server: `//evil/x` stays the path `//evil/x` (not a host), and a
 * target that is not a path, or whose `%` escapes do not decode, gives undefined.
 * @example
 * requestUrl({ url: '//x/%E0' }); // undefined
 */
export const requestUrl = (request: Pick<IncomingMessage, 'url'>): URL | undefined => {
  const target = request.url ?? '/';
  if (!target.startsWith('/')) return undefined;
  try {
    const url = new URL(`http://localhost${target}`);
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return undefined;
  }
};

const hostnameOf = (host: string): string => {
  const bracket = host.startsWith('[') ? host.indexOf(']') : -1;
  if (bracket > 0) return host.slice(0, bracket + 1).toLowerCase();
  return (host.split(':')[0] ?? '').toLowerCase();
};

/** True when an Origin header names this machine (any port: the page and the API share one server). */
const isLocalOrigin = (origin: string): boolean => {
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && LOCAL_HOSTS.has(url.hostname.toLowerCase())
    );
  } catch {
    return false;
  }
};

/**
 * Checks a request to the local stack before it is read: a path that parses, a Host of this machine (so a
 * page on another site that rebinds its DNS name to 127.0.0.1 cannot read live links or the audit trail),
 * and on state-changing methods an Origin — when a browser sends one — of this machine too (so no other
 * site can make a visitor's browser click, decide or sign anything). Clients without an Origin (curl, the
 * Slack stand-in, the tests) are not browsers and are let through.
 * @example
 * guardRequest({ method: 'POST', url: '/local/slack/click', headers: { host: 'localhost:3000', origin: 'https://evil.example' } });
 * // { status: 403, code: 'FORBIDDEN_ORIGIN', … }
 */
export const guardRequest = (
  request: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
): GuardRefusal | undefined => {
  if (!requestUrl(request)) {
    return { status: 400, code: 'INVALID_REQUEST', message: 'the request path is malformed' };
  }
  const host = request.headers.host;
  if (!host || !LOCAL_HOSTS.has(hostnameOf(host))) {
    return { status: 403, code: 'FORBIDDEN_HOST', message: 'the local stack answers to localhost only' };
  }
  const origin = request.headers.origin;
  if (
    !SAFE_METHODS.has((request.method ?? 'GET').toUpperCase()) &&
    origin !== undefined &&
    !isLocalOrigin(origin)
  ) {
    return { status: 403, code: 'FORBIDDEN_ORIGIN', message: 'cross-site requests are not accepted' };
  }
  const length = Number(request.headers['content-length'] ?? 0);
  if (Number.isFinite(length) && length > MAX_BODY_BYTES) {
    return {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `bodies are limited to ${MAX_BODY_BYTES} bytes`,
    };
  }
  return undefined;
};

/** The error a body that grows past the limit while being read (chunked, no Content-Length) ends with. */
export class BodyTooLarge extends Error {}

/**
 * Reads a request body up to `limit` bytes.
 * @throws BodyTooLarge as soon as the body passes the limit; the rest is never buffered
 */
export const readBody = async (request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(`body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};
