import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { PipegateError } from '../errors';
import { formatZodIssues } from '../validation/format-zod-issues';
import type { ApprovalRecord } from './approval-record';
import { KID_PATTERN, type LinkKeys } from './link-keys';

/** What a link asks for: one decision, or `choose` (the confirm page offers both). */
export type LinkDecision = 'approve' | 'reject' | 'choose';

/**
 * A recipient as links carry it: trimmed, lower-cased, one address, nothing a mail header or a page would
 * read differently. A signed link whose recipient is not in this form is refused, never normalised: the
 * audit names exactly the person the link was made for.
 */
const RECIPIENT_PATTERN = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;

/** 16 random bytes, base64url without padding. */
const NONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * The signed content of an approval link; one-letter names keep the URL short for any mail client.
 * a = approval id (action-execution-id), e = execution id, r = recipient email (lower-cased: links are personal),
 * d = decision, x = expiry (epoch seconds), n = single-use nonce (the decision's conditional write is keyed on it).
 */
export const linkPayloadSchema = z.strictObject({
  v: z.literal(1),
  a: z.string().min(1).max(200),
  e: z.string().min(1).max(200),
  r: z
    .string()
    .min(3)
    .max(320)
    .refine((email) => RECIPIENT_PATTERN.test(email), 'must be one lower-cased, trimmed email address'),
  d: z.enum(['approve', 'reject', 'choose']),
  x: z.number().int().positive(),
  n: z.string().regex(NONCE_PATTERN),
});

export type LinkPayload = z.infer<typeof linkPayloadSchema>;

export type BadLinkReason = 'malformed' | 'unknown-kid' | 'mismatch';

/** Domain separation: a MAC made for anything else with the same key can never pass as a link. */
const MAC_CONTEXT = 'pipegate-link-v1';
/** `<payload>.<kid>.<mac>`: two base64url parts around a kid (KID_PATTERN). */
const TOKEN_PATTERN = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]+)$/;
/** Unverified ids are logged only when they look like ids (CodePipeline's are UUIDs). */
const LOGGABLE_ID = /^[A-Za-z0-9._-]{1,128}$/;
/** Far above a real token (≈ 300 chars); bounds the work an attacker can make us do before the MAC check. */
const MAX_TOKEN_LENGTH = 2048;

const mac = (key: Buffer, payloadPart: string, kid: string): string =>
  createHmac('sha256', key).update(`${MAC_CONTEXT}.${payloadPart}.${kid}`).digest('base64url');

const badSignature = (reason: BadLinkReason, message: string): PipegateError =>
  new PipegateError('BAD_SIGNATURE', message, { details: { reason } });

/** Constant-time string comparison; `timingSafeEqual` throws on unequal lengths, so check them first. */
const sameBytes = (a: string, b: string): boolean => {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Signs an approval link payload with the current signing key.
 *
 * Token format: `<base64url(JSON payload)>.<kid>.<base64url(HMAC-SHA256(key, "pipegate-link-v1." + payloadPart
 * + "." + kid))>`. The kid is inside the MAC so a token cannot be re-labelled to another key.
 *
 * @throws PipegateError INVALID_REQUEST when the payload does not match {@link linkPayloadSchema}
 * @throws PipegateError INVALID_CONFIG when the signing kid has no key
 * @example
 * ```ts
 * const token = signApprovalLink(
 *   { v: 1, a: approvalId, e: executionId, r: 'jane@example.com', d: 'approve', x: 1767225600, n: nonce },
 *   parseLinkKeys(process.env.PIPEGATE_LINK_KEYS),
 * );
 * ```
 */
export const signApprovalLink = (payload: LinkPayload, keys: LinkKeys): string => {
  const parsed = linkPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    const why = formatZodIssues(parsed.error.issues).join('; ');
    throw new PipegateError('INVALID_REQUEST', `cannot sign approval link: ${why}`);
  }
  const key = keys.keys.get(keys.signingKid);
  if (key === undefined) {
    throw new PipegateError('INVALID_CONFIG', `no link key for signing kid "${keys.signingKid}"`);
  }
  const payloadPart = Buffer.from(JSON.stringify(parsed.data), 'utf8').toString('base64url');
  return `${payloadPart}.${keys.signingKid}.${mac(key, payloadPart, keys.signingKid)}`;
};

/** Parsed JSON inside a base64url part, or undefined when it is not JSON. */
const readJson = (base64url: string): unknown => {
  try {
    return JSON.parse(Buffer.from(base64url, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};

/**
 * Verifies an approval link token and returns its payload. Order matters: the MAC is checked before the
 * payload is even decoded (nothing unauthenticated is parsed) and before the expiry (an attacker learns nothing
 * about a token they could not have made). The caller still has to check that `r` is the person acting and
 * that `n` has not been used.
 *
 * @param now - injected clock; the link is valid while `now` is before `x`
 * @throws PipegateError BAD_SIGNATURE with `details.reason` 'malformed' | 'unknown-kid' | 'mismatch'
 * @throws PipegateError LINK_EXPIRED (with `details.approvalId`, `executionId`, `recipient`, `expiredAt`) for a genuine but
 *   expired link
 * @example
 * ```ts
 * const payload = verifyApprovalLink(query.t, linkKeys, new Date());
 * if (payload.r !== approverEmail) throw new PipegateError('NOT_ALLOWED', 'link belongs to someone else');
 * ```
 */
export const verifyApprovalLink = (token: string, keys: LinkKeys, now: Date): LinkPayload => {
  const match = token.length > MAX_TOKEN_LENGTH ? null : TOKEN_PATTERN.exec(token);
  const [, payloadPart = '', kid = '', signature = ''] = match ?? [];
  if (match === null) {
    throw badSignature('malformed', 'approval link token is malformed');
  }
  const key = keys.keys.get(kid);
  if (key === undefined) {
    throw badSignature('unknown-kid', 'approval link was signed with an unknown key');
  }
  // Compare the base64url text, not decoded bytes: Node's decoder ignores stray trailing bits.
  if (!sameBytes(mac(key, payloadPart, kid), signature)) {
    throw badSignature('mismatch', 'approval link signature does not match');
  }
  const parsed = linkPayloadSchema.safeParse(readJson(payloadPart));
  if (!parsed.success) {
    throw badSignature('malformed', 'approval link payload is not a v1 link payload');
  }
  const payload = parsed.data;
  if (Math.floor(now.getTime() / 1000) >= payload.x) {
    throw new PipegateError('LINK_EXPIRED', 'approval link has expired', {
      details: {
        approvalId: payload.a,
        executionId: payload.e,
        recipient: payload.r,
        expiredAt: new Date(payload.x * 1000).toISOString(),
      },
    });
  }
  return payload;
};

/**
 * Where a link token is opened: GET shows the confirm page, POST decides.
 *
 * @example
 * ```ts
 * approvalLinkUrl('https://abc.execute-api.eu-west-1.amazonaws.com/', token);
 * // 'https://abc.execute-api.eu-west-1.amazonaws.com/approvals/link?t=eyJ2Ijox…'
 * ```
 */
export const approvalLinkUrl = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/approvals/link?t=${encodeURIComponent(token)}`;

/**
 * What of a link may be logged: its kid and approval id, read without verification and only when they look
 * like ids. Links are credentials (DESIGN §7), so the token itself never reaches a log.
 *
 * @example
 * ```ts
 * logger.warn('refused approval link', describeLinkForLog(token)); // { kid: 'k1', approvalId: '…' }
 * ```
 */
export const describeLinkForLog = (token: string): { kid?: string; approvalId?: string } => {
  const [payloadPart = '', kid = ''] = token.length > MAX_TOKEN_LENGTH ? [] : token.split('.');
  const json = readJson(payloadPart);
  const approvalId = typeof json === 'object' && json !== null && 'a' in json ? json.a : undefined;
  return {
    ...(KID_PATTERN.test(kid) ? { kid } : {}),
    ...(typeof approvalId === 'string' && LOGGABLE_ID.test(approvalId) ? { approvalId } : {}),
  };
};

/** One personal URL per decision, each with its own nonce so each is single use. */
export interface ApprovalLinks {
  approve: string;
  reject: string;
  choose: string;
  /** The nonce inside each link, for the single-use record written when the link is used. */
  nonces: Readonly<Record<LinkDecision, string>>;
}

export interface NewApprovalLinksInput {
  approval: Pick<ApprovalRecord, 'approvalId' | 'executionId' | 'expiresAt'>;
  recipient: string;
  /** Wanted link expiry; never later than the approval's own `expiresAt` (the action's timeout). */
  expiresAt: Date;
  publicUrl: string;
  keys: LinkKeys;
  /** Injectable randomness for tests; `node:crypto` randomBytes otherwise. */
  random?: (size: number) => Buffer;
}

/**
 * Makes one recipient's approve, reject and choose links for an approval email.
 *
 * @example
 * ```ts
 * const links = newApprovalLinks({ approval, recipient: 'Jane@Example.com', expiresAt, publicUrl, keys });
 * links.approve; // 'https://…/approvals/link?t=…' (recipient signed as jane@example.com)
 * ```
 */
export const newApprovalLinks = (input: NewApprovalLinksInput): ApprovalLinks => {
  const random = input.random ?? randomBytes;
  const nonce = (): string => random(16).toString('base64url');
  const nonces = { approve: nonce(), reject: nonce(), choose: nonce() };
  const approvalExpiry = Date.parse(input.approval.expiresAt);
  const expiry = Math.min(
    input.expiresAt.getTime(),
    Number.isNaN(approvalExpiry) ? Infinity : approvalExpiry,
  );
  const url = (d: LinkDecision): string => {
    const payload: LinkPayload = {
      v: 1,
      a: input.approval.approvalId,
      e: input.approval.executionId,
      r: input.recipient.trim().toLowerCase(),
      d,
      x: Math.floor(expiry / 1000),
      n: nonces[d],
    };
    return approvalLinkUrl(input.publicUrl, signApprovalLink(payload, input.keys));
  };
  return { approve: url('approve'), reject: url('reject'), choose: url('choose'), nonces };
};
