import {
  approvalLinkUrl,
  describeLinkForLog,
  newApprovalLinks,
  signApprovalLink,
  verifyApprovalLink,
} from '../../../shared/approvals/approval-link';
import { approvalRecord, keysOf, NOW, NOW_SECONDS, payloadOf, SECRET_K1 } from './link-fixtures';

const keys = keysOf({ k1: SECRET_K1 });
const PUBLIC_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com';

/** Deterministic "randomness": each call returns the next counter value in every byte. */
const countingRandom = () => {
  let calls = 0;
  return (size: number): Buffer => {
    calls += 1;
    return Buffer.alloc(size, calls);
  };
};

const tokenOf = (url: string): string => new URL(url).searchParams.get('t') ?? '';

const newLinks = (overrides: Partial<Parameters<typeof newApprovalLinks>[0]> = {}) =>
  newApprovalLinks({
    approval: approvalRecord(),
    recipient: 'jane@example.com',
    expiresAt: new Date(NOW.getTime() + 3600_000),
    publicUrl: PUBLIC_URL,
    keys,
    random: countingRandom(),
    ...overrides,
  });

describe('newApprovalLinks', () => {
  it('makes approve, reject and choose links that verify with their own decision', () => {
    // Act
    const links = newLinks();

    // Assess
    const decisions = [links.approve, links.reject, links.choose].map(
      (url) => verifyApprovalLink(tokenOf(url), keys, NOW).d,
    );
    expect(decisions).toEqual(['approve', 'reject', 'choose']);
  });

  it('gives every link its own nonce, and reports which', () => {
    // Act
    const links = newLinks();

    // Assess
    const nonceIn = (url: string) => verifyApprovalLink(tokenOf(url), keys, NOW).n;
    expect(new Set(Object.values(links.nonces)).size).toBe(3);
    expect(nonceIn(links.approve)).toBe(links.nonces.approve);
    expect(nonceIn(links.reject)).toBe(links.nonces.reject);
    expect(nonceIn(links.choose)).toBe(links.nonces.choose);
  });

  it('uses 16 random bytes, base64url, as a nonce', () => {
    // Act
    const links = newLinks();

    // Assess
    expect(Buffer.from(links.nonces.approve, 'base64url')).toEqual(Buffer.alloc(16, 1));
  });

  it('signs the recipient lower-cased', () => {
    // Act
    const links = newLinks({ recipient: ' Jane.Doe@Example.COM ' });

    // Assess
    expect(verifyApprovalLink(tokenOf(links.approve), keys, NOW).r).toBe('jane.doe@example.com');
  });

  it('signs the approval and execution ids', () => {
    // Act
    const payload = verifyApprovalLink(tokenOf(newLinks().choose), keys, NOW);

    // Assess
    expect({ a: payload.a, e: payload.e }).toEqual({
      a: approvalRecord().approvalId,
      e: approvalRecord().executionId,
    });
  });

  it('expires links at the requested time, in epoch seconds', () => {
    // Act
    const links = newLinks({ expiresAt: new Date(NOW.getTime() + 3600_500) });

    // Assess
    expect(verifyApprovalLink(tokenOf(links.approve), keys, NOW).x).toBe(NOW_SECONDS + 3600);
  });

  it('never lets a link outlive its approval', () => {
    // Prepare
    const approval = approvalRecord({ expiresAt: new Date(NOW.getTime() + 600_000).toISOString() });

    // Act
    const links = newLinks({ approval, expiresAt: new Date(NOW.getTime() + 86_400_000) });

    // Assess
    expect(verifyApprovalLink(tokenOf(links.approve), keys, NOW).x).toBe(NOW_SECONDS + 600);
  });
});

describe('approvalLinkUrl', () => {
  it('points at /approvals/link with the token as t, whatever the trailing slash', () => {
    // Act
    const url = approvalLinkUrl(`${PUBLIC_URL}/`, 'p.k1.m');

    // Assess
    expect(url).toBe(`${PUBLIC_URL}/approvals/link?t=p.k1.m`);
  });
});

describe('describeLinkForLog', () => {
  it('gives the kid and approval id and nothing that could be replayed', () => {
    // Prepare
    const token = signApprovalLink(payloadOf(), keys);

    // Act
    const description = describeLinkForLog(token);

    // Assess
    expect(description).toEqual({ kid: 'k1', approvalId: payloadOf().a });
    expect(JSON.stringify(description)).not.toContain(token.split('.')[2]);
  });

  it('gives nothing for a token it cannot read', () => {
    // Act
    const description = describeLinkForLog('<script>.x y.z');

    // Assess
    expect(description).toEqual({});
  });

  it('leaves out an approval id that does not look like an id', () => {
    // Prepare
    const payloadPart = Buffer.from(JSON.stringify({ a: 'x\n{"level":"ERROR"}' })).toString('base64url');

    // Act
    const description = describeLinkForLog(`${payloadPart}.k1.mac`);

    // Assess
    expect(description).toEqual({ kid: 'k1' });
  });
});
