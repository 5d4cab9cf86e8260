import { createHmac, timingSafeEqual } from 'node:crypto';
import { PipegateError } from '../errors';

/** The parts of an HTTP request a Slack signature covers; header names lower-cased (API Gateway v2 does so). */
export interface SlackRequest {
  headers: Record<string, string | undefined>;
  body: string | undefined;
  isBase64Encoded: boolean;
}

export type BadSlackSignatureReason = 'missing-headers' | 'stale' | 'mismatch';

/** The headers Slack sends with every request it signs (a type alias, so it fits any header record). */
export type SlackSignatureHeaders = Record<'x-slack-request-timestamp' | 'x-slack-signature', string>;

/** Slack's replay window: requests more than five minutes from our clock, either way, are refused. */
export const SLACK_MAX_SKEW_SECONDS = 300;

const bad = (reason: BadSlackSignatureReason, message: string): PipegateError =>
  new PipegateError('BAD_SIGNATURE', message, { details: { reason } });

const signature = (secret: string, timestamp: string, rawBody: Buffer): string =>
  `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;

/**
 * Verifies that a request came from Slack, following
 * https://api.slack.com/authentication/verifying-requests-from-slack: `X-Slack-Signature` must equal
 * `v0=` + hex HMAC-SHA256(signing secret, `v0:{X-Slack-Request-Timestamp}:{raw body}`), and the timestamp must
 * be within five minutes of now. Checked before the body is parsed, over the exact bytes received: API
 * Gateway base64-encodes bodies it does not consider text, so those are decoded first (as bytes — a text
 * round trip such as `toString('ascii')` would change non-ASCII bodies and break the HMAC).
 *
 * @param now - injected clock, for the replay window
 * @returns the raw body text, now safe to parse (Slack posts `application/x-www-form-urlencoded`)
 * @throws PipegateError BAD_SIGNATURE with `details.reason`: 'missing-headers' (absent, or a timestamp that
 *   is not an integer), 'stale' (outside ±300 s, past or future) or 'mismatch'
 * @throws PipegateError INVALID_CONFIG when the signing secret is empty
 * @example
 * ```ts
 * const rawBody = verifySlackRequest(
 *   { headers: event.headers, body: event.body, isBase64Encoded: event.isBase64Encoded },
 *   signingSecret,
 *   new Date(),
 * );
 * const payload = new URLSearchParams(rawBody).get('payload');
 * ```
 */
export const verifySlackRequest = (request: SlackRequest, signingSecret: string, now: Date): string => {
  if (signingSecret === '') {
    // An empty secret would make every signature computable by anyone.
    throw new PipegateError('INVALID_CONFIG', 'SLACK_SIGNING_SECRET is empty');
  }
  const timestamp = request.headers['x-slack-request-timestamp'];
  const received = request.headers['x-slack-signature'];
  if (timestamp === undefined || received === undefined || !/^\d{1,12}$/.test(timestamp)) {
    throw bad('missing-headers', 'Slack signature headers are missing or malformed');
  }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS) {
    throw bad('stale', 'Slack request timestamp is outside the five-minute window');
  }
  const rawBody = Buffer.from(request.body ?? '', request.isBase64Encoded ? 'base64' : 'utf8');
  const expected = Buffer.from(signature(signingSecret, timestamp, rawBody), 'utf8');
  const actual = Buffer.from(received, 'utf8');
  // timingSafeEqual throws on unequal lengths, so compare the lengths first (they are not secret).
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw bad('mismatch', 'Slack signature does not match');
  }
  return rawBody.toString('utf8');
};

/**
 * Signs a body the way Slack does: for tests and for the local Slack stand-in's simulated button clicks.
 *
 * @param timestamp - epoch seconds
 * @example
 * ```ts
 * const headers = signSlackRequest(body, 'test-secret', Math.floor(clock.now().getTime() / 1000));
 * await fetch(interactionsUrl, { method: 'POST', headers: { ...headers, 'content-type': FORM }, body });
 * ```
 */
export const signSlackRequest = (body: string, secret: string, timestamp: number): SlackSignatureHeaders => {
  const ts = String(Math.floor(timestamp));
  return {
    'x-slack-request-timestamp': ts,
    'x-slack-signature': signature(secret, ts, Buffer.from(body, 'utf8')),
  };
};
