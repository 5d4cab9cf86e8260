import { signApprovalLink, verifyApprovalLink } from '../../../shared/approvals/approval-link';
import {
  decodedPayloadOf,
  handMadeToken,
  keysOf,
  NOW,
  NOW_SECONDS,
  payloadOf,
  SECRET_K1,
  SECRET_K2,
} from './link-fixtures';

const keys = keysOf({ k1: SECRET_K1 });

const badSignature = (reason: 'malformed' | 'unknown-kid' | 'mismatch') =>
  expect.objectContaining({ code: 'BAD_SIGNATURE', details: { reason } });

/** The token with its payload part replaced by `payload`, MAC and kid kept. */
const withPayload = (token: string, payload: Record<string, unknown>): string => {
  const [, kid, mac] = token.split('.');
  return `${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}.${kid}.${mac}`;
};

describe('signApprovalLink / verifyApprovalLink', () => {
  it('returns the signed payload for a genuine, unexpired token', () => {
    // Prepare
    const token = signApprovalLink(payloadOf(), keys);

    // Act
    const payload = verifyApprovalLink(token, keys, NOW);

    // Assess
    expect(payload).toEqual(payloadOf());
  });

  it('produces the documented format: base64url(JSON).kid.base64url(HMAC over "pipegate-link-v1.<payload>.<kid>")', () => {
    // Prepare
    const payload = payloadOf();

    // Act
    const token = signApprovalLink(payload, keys);

    // Assess
    expect(token).toBe(handMadeToken(JSON.stringify(payload), 'k1', SECRET_K1));
  });

  it('refuses a token forged with another key under the same kid as a mismatch', () => {
    // Prepare
    const forged = signApprovalLink(payloadOf(), keysOf({ k1: SECRET_K2 }));

    // Act
    const act = () => verifyApprovalLink(forged, keys, NOW);

    // Assess
    expect(act).toThrow(badSignature('mismatch'));
  });

  it('refuses a token whose decision was flipped after signing as a mismatch', () => {
    // Prepare
    const token = signApprovalLink(payloadOf({ d: 'reject' }), keys);
    const tampered = withPayload(token, { ...decodedPayloadOf(token), d: 'approve' });

    // Act
    const act = () => verifyApprovalLink(tampered, keys, NOW);

    // Assess
    expect(act).toThrow(badSignature('mismatch'));
  });

  it('refuses a token whose recipient was rewritten as a mismatch', () => {
    // Prepare
    const token = signApprovalLink(payloadOf({ r: 'jane@example.com' }), keys);
    const tampered = withPayload(token, { ...decodedPayloadOf(token), r: 'mallory@example.com' });

    // Act
    const act = () => verifyApprovalLink(tampered, keys, NOW);

    // Assess
    expect(act).toThrow(badSignature('mismatch'));
  });

  it('tells the caller whose link it is, so a link used by someone else can be refused', () => {
    // Prepare
    const token = signApprovalLink(payloadOf({ r: 'jane@example.com' }), keys);

    // Act
    const payload = verifyApprovalLink(token, keys, NOW);

    // Assess
    expect(payload.r).toBe('jane@example.com');
  });

  it('refuses a token moved to another kid as a mismatch (the kid is inside the MAC)', () => {
    // Prepare
    const bothKeys = keysOf({ k1: SECRET_K1, k2: SECRET_K2 });
    const [payloadPart, , mac] = signApprovalLink(payloadOf(), bothKeys).split('.');

    // Act
    const act = () =>
      verifyApprovalLink(`${payloadPart}.k2.${mac}`, keysOf({ k2: SECRET_K2, k1: SECRET_K1 }), NOW);

    // Assess
    expect(act).toThrow(badSignature('mismatch'));
  });

  it('refuses a MAC written differently even when it decodes to the same bytes', () => {
    // Prepare: the last base64url character of a 32-byte MAC carries 2 unused bits.
    const token = signApprovalLink(payloadOf(), keys);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = token.at(-1) ?? '';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] ?? '';
    const variant = `${token.slice(0, -1)}${sibling}`;
    const macOf = (t: string) => Buffer.from(t.split('.')[2] ?? '', 'base64url');
    expect(macOf(variant).equals(macOf(token))).toBe(true);

    // Act
    const act = () => verifyApprovalLink(variant, keys, NOW);

    // Assess
    expect(act).toThrow(badSignature('mismatch'));
  });

  it('refuses a truncated MAC as a mismatch rather than failing the comparison', () => {
    // Prepare
    const token = signApprovalLink(payloadOf(), keys).slice(0, -4);

    // Act
    const act = () => verifyApprovalLink(token, keys, NOW);

    // Assess
    expect(act).toThrow(badSignature('mismatch'));
  });

  it('refuses a token signed with a kid it does not know as unknown-kid', () => {
    // Prepare
    const token = signApprovalLink(payloadOf(), keysOf({ k9: SECRET_K2 }));

    // Act
    const act = () => verifyApprovalLink(token, keys, NOW);

    // Assess
    expect(act).toThrow(badSignature('unknown-kid'));
  });

  it('still verifies a token signed by an old key that is kept after rotation', () => {
    // Prepare
    const token = signApprovalLink(payloadOf(), keysOf({ k1: SECRET_K1 }));
    const rotated = keysOf({ k2: SECRET_K2, k1: SECRET_K1 });

    // Act
    const payload = verifyApprovalLink(token, rotated, NOW);

    // Assess
    expect(rotated.signingKid).toBe('k2');
    expect(payload.a).toBe(payloadOf().a);
  });

  it('refuses an old key once it is dropped from the keys as unknown-kid', () => {
    // Prepare
    const token = signApprovalLink(payloadOf(), keysOf({ k1: SECRET_K1 }));

    // Act
    const act = () => verifyApprovalLink(token, keysOf({ k2: SECRET_K2 }), NOW);

    // Assess
    expect(act).toThrow(badSignature('unknown-kid'));
  });

  it('refuses a genuine token at its expiry second as LINK_EXPIRED', () => {
    // Prepare
    const token = signApprovalLink(payloadOf({ x: NOW_SECONDS }), keys);

    // Act
    const act = () => verifyApprovalLink(token, keys, NOW);

    // Assess
    expect(act).toThrow(
      expect.objectContaining({
        code: 'LINK_EXPIRED',
        details: expect.objectContaining({ approvalId: payloadOf().a, expiredAt: NOW.toISOString() }),
      }),
    );
  });

  it('accepts a genuine token one second before its expiry', () => {
    // Prepare
    const token = signApprovalLink(payloadOf({ x: NOW_SECONDS + 1 }), keys);

    // Act
    const payload = verifyApprovalLink(token, keys, NOW);

    // Assess
    expect(payload.x).toBe(NOW_SECONDS + 1);
  });

  it('reports a forged expired token as a bad signature, not as expired', () => {
    // Prepare
    const forged = signApprovalLink(payloadOf({ x: NOW_SECONDS - 60 }), keysOf({ k1: SECRET_K2 }));

    // Act
    const act = () => verifyApprovalLink(forged, keys, NOW);

    // Assess
    expect(act).toThrow(badSignature('mismatch'));
  });

  it.each([
    ['one part', 'abc'],
    ['two parts', 'a.b'],
    ['four parts', 'a.b.c.d'],
    ['nothing', ''],
    ['an empty payload', '.k1.abc'],
    ['a kid with bad characters', 'abc.k!1.abc'],
    ['padding in the MAC', 'abc.k1.abc='],
    ['an absurd length', `${'a'.repeat(3000)}.k1.abc`],
  ])('refuses a token with %s as malformed', (_case, token) => {
    // Act
    const act = () => verifyApprovalLink(token, keys, NOW);

    // Assess
    expect(act).toThrow(badSignature('malformed'));
  });

  it('refuses a correctly signed payload that is not JSON as malformed', () => {
    // Prepare
    const token = handMadeToken('not json at all', 'k1', SECRET_K1);

    // Act
    const act = () => verifyApprovalLink(token, keys, NOW);

    // Assess
    expect(act).toThrow(badSignature('malformed'));
  });

  it('refuses a correctly signed payload of another version as malformed', () => {
    // Prepare
    const token = handMadeToken(JSON.stringify({ ...payloadOf(), v: 2 }), 'k1', SECRET_K1);

    // Act
    const act = () => verifyApprovalLink(token, keys, NOW);

    // Assess
    expect(act).toThrow(badSignature('malformed'));
  });

  it('will not sign a payload whose recipient is not lower-cased', () => {
    // Act
    const act = () => signApprovalLink(payloadOf({ r: 'Jane@Example.com' }), keys);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});
