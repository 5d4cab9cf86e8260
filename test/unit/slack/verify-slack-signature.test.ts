import { createHmac } from 'node:crypto';
import { signSlackRequest, verifySlackRequest } from '../../../shared/slack/verify-slack-signature';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = new Date('2026-09-01T12:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;
// A real-shaped interaction body: Slack posts interactions form-encoded.
const BODY = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { name: 'Zoë Ångström' } }))}`;

const badSignature = (reason: 'missing-headers' | 'stale' | 'mismatch') =>
  expect.objectContaining({ code: 'BAD_SIGNATURE', details: { reason } });

const signedRequest = (body: string, timestamp = NOW_SECONDS) => ({
  headers: {
    ...signSlackRequest(body, SECRET, timestamp),
    'content-type': 'application/x-www-form-urlencoded',
  },
  body,
  isBase64Encoded: false,
});

describe('verifySlackRequest', () => {
  it('accepts a correctly signed request and returns the raw body', () => {
    // Prepare
    const request = signedRequest(BODY);

    // Act
    const rawBody = verifySlackRequest(request, SECRET, NOW);

    // Assess
    expect(rawBody).toBe(BODY);
  });

  it("agrees with Slack's documented scheme: v0= + hex HMAC-SHA256 of v0:timestamp:body", () => {
    // Prepare
    const hex = createHmac('sha256', SECRET).update(`v0:${NOW_SECONDS}:${BODY}`).digest('hex');
    const headers = { 'x-slack-request-timestamp': String(NOW_SECONDS), 'x-slack-signature': `v0=${hex}` };

    // Act
    const rawBody = verifySlackRequest({ headers, body: BODY, isBase64Encoded: false }, SECRET, NOW);

    // Assess
    expect(rawBody).toBe(BODY);
  });

  it('decodes a base64 body from API Gateway and verifies the bytes Slack signed', () => {
    // Prepare
    const request = {
      ...signedRequest(BODY),
      body: Buffer.from(BODY, 'utf8').toString('base64'),
      isBase64Encoded: true,
    };

    // Act
    const rawBody = verifySlackRequest(request, SECRET, NOW);

    // Assess
    expect(rawBody).toBe(BODY);
  });

  it('keeps non-ASCII bytes exact when decoding a base64 body', () => {
    // Prepare: a lossy decode (latin1/ascii) would change these bytes and break the HMAC.
    const json = JSON.stringify({ type: 'event_callback', text: 'Zoë Ångström approved ✓' });
    const request = {
      ...signedRequest(json),
      body: Buffer.from(json, 'utf8').toString('base64'),
      isBase64Encoded: true,
    };

    // Act
    const rawBody = verifySlackRequest(request, SECRET, NOW);

    // Assess
    expect(rawBody).toBe(json);
  });

  it('refuses a body changed after signing as a mismatch', () => {
    // Prepare
    const request = { ...signedRequest(BODY), body: BODY.replace('block_actions', 'view_submission') };

    // Act
    const act = () => verifySlackRequest(request, SECRET, NOW);

    // Assess
    expect(act).toThrow(badSignature('mismatch'));
  });

  it('refuses a request signed with another secret as a mismatch', () => {
    // Prepare
    const request = {
      ...signedRequest(BODY),
      headers: signSlackRequest(BODY, 'another-secret-another-secret-00', NOW_SECONDS),
    };

    // Act
    const act = () => verifySlackRequest(request, SECRET, NOW);

    // Assess
    expect(act).toThrow(badSignature('mismatch'));
  });

  it('refuses a signature of the wrong length as a mismatch', () => {
    // Prepare
    const request = signedRequest(BODY);
    request.headers['x-slack-signature'] = request.headers['x-slack-signature'].slice(0, -2);

    // Act
    const act = () => verifySlackRequest(request, SECRET, NOW);

    // Assess
    expect(act).toThrow(badSignature('mismatch'));
  });

  it('refuses a correctly signed request 301 seconds old as stale', () => {
    // Prepare
    const request = signedRequest(BODY, NOW_SECONDS - 301);

    // Act
    const act = () => verifySlackRequest(request, SECRET, NOW);

    // Assess
    expect(act).toThrow(badSignature('stale'));
  });

  it('accepts a correctly signed request exactly 300 seconds old', () => {
    // Prepare
    const request = signedRequest(BODY, NOW_SECONDS - 300);

    // Act
    const rawBody = verifySlackRequest(request, SECRET, NOW);

    // Assess
    expect(rawBody).toBe(BODY);
  });

  it('refuses a correctly signed request from more than 300 seconds in the future as stale', () => {
    // Prepare
    const request = signedRequest(BODY, NOW_SECONDS + 301);

    // Act
    const act = () => verifySlackRequest(request, SECRET, NOW);

    // Assess
    expect(act).toThrow(badSignature('stale'));
  });

  it.each(['x-slack-signature', 'x-slack-request-timestamp'] as const)(
    'refuses a request without %s as missing-headers',
    (header) => {
      // Prepare
      const request = signedRequest(BODY);
      const headers: Record<string, string | undefined> = { ...request.headers, [header]: undefined };

      // Act
      const act = () => verifySlackRequest({ ...request, headers }, SECRET, NOW);

      // Assess
      expect(act).toThrow(badSignature('missing-headers'));
    },
  );

  it.each(['1788264000.5', '1e9', 'soon', ''])(
    'refuses a timestamp of %p as missing-headers',
    (timestamp) => {
      // Prepare
      const request = signedRequest(BODY);
      const headers = { ...request.headers, 'x-slack-request-timestamp': timestamp };

      // Act
      const act = () => verifySlackRequest({ ...request, headers }, SECRET, NOW);

      // Assess
      expect(act).toThrow(badSignature('missing-headers'));
    },
  );

  it('verifies an empty body as the empty string', () => {
    // Prepare
    const request = { ...signedRequest(''), body: undefined };

    // Act
    const rawBody = verifySlackRequest(request, SECRET, NOW);

    // Assess
    expect(rawBody).toBe('');
  });

  it('refuses to verify with an empty signing secret', () => {
    // Prepare
    const request = signedRequest(BODY);

    // Act
    const act = () => verifySlackRequest(request, '', NOW);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
