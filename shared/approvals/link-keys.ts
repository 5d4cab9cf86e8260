import { PipegateError } from '../errors';

/** The keys that sign and verify approval links: the first configured key signs, every key verifies. */
export interface LinkKeys {
  signingKid: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** A key id: short, URL-safe and free of the `.` that separates the parts of a link token. */
export const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** 32 characters is the floor for an HMAC-SHA256 key (256 bits when the secret is random base64/hex). */
export const MIN_SECRET_LENGTH = 32;

const VARIABLE = 'PIPEGATE_LINK_KEYS';

const invalid = (why: string, details: Record<string, unknown> = {}): PipegateError =>
  new PipegateError('INVALID_CONFIG', `${VARIABLE} ${why}`, { details: { variable: VARIABLE, ...details } });

/**
 * The first key as written in the JSON text. `Object.keys` is not source order: integer-like keys such as
 * `"2026"` are enumerated first, in ascending order, so `{"k2":…,"2025":…}` would otherwise sign with `2025`.
 * Only called on text JSON.parse accepted as an object, so the first string after `{` is the first key.
 */
const firstKeyInSource = (json: string): string | undefined => {
  const match = /^\s*\{\s*("(?:[^"\\]|\\.)*")/.exec(json);
  const quoted = match?.[1];
  const key: unknown = quoted === undefined ? undefined : JSON.parse(quoted);
  return typeof key === 'string' ? key : undefined;
};

const parseJson = (json: string): unknown => {
  try {
    return JSON.parse(json);
  } catch {
    // No `cause`: V8's JSON.parse message quotes the input, and the input is the secrets.
    throw invalid('is not valid JSON; expected {"kid":"secret",…}');
  }
};

/**
 * Own entries of a parsed JSON object whose values are all strings. Hand-checked rather than through a zod
 * record: a kid of `__proto__` must stay an ordinary key, and no schema message may quote a secret.
 */
const stringEntries = (value: unknown): Array<[string, string]> | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const entries = Object.entries(value);
  return entries.every((entry): entry is [string, string] => typeof entry[1] === 'string')
    ? entries
    : undefined;
};

/**
 * Reads the approval-link keys from `PIPEGATE_LINK_KEYS`: a JSON object `{"kid":"secret",…}` whose first key
 * signs new links and whose every key verifies, so a key can be rotated by putting a new kid first and
 * dropping the old one once its links have expired (the `kid` scheme of Standard Webhooks,
 * https://www.standardwebhooks.com/). Errors name the variable and the kid, never a secret.
 *
 * @param json - the variable's value
 * @throws PipegateError INVALID_CONFIG when missing, not a JSON object of strings, empty, a kid is not
 *   `[A-Za-z0-9_-]{1,32}`, or a secret is shorter than 32 characters
 * @example
 * ```ts
 * const linkKeys = parseLinkKeys(process.env.PIPEGATE_LINK_KEYS);
 * linkKeys.signingKid; // 'k2'
 * linkKeys.keys.has('k1'); // true: links signed before the rotation still verify
 * ```
 */
export const parseLinkKeys = (json: string | undefined): LinkKeys => {
  if (json === undefined || json.trim() === '') {
    throw invalid('is not set; expected {"kid":"secret",…}');
  }
  const entries = stringEntries(parseJson(json));
  if (entries === undefined) {
    throw invalid('must be a JSON object of kid → secret strings');
  }
  const keys = new Map<string, Buffer>();
  for (const [kid, secret] of entries) {
    if (!KID_PATTERN.test(kid)) {
      // The kid is checked first so that only a valid kid is ever echoed back.
      throw invalid('has a kid that is not 1–32 characters of [A-Za-z0-9_-]');
    }
    if (secret.length < MIN_SECRET_LENGTH) {
      throw invalid(`key "${kid}" is shorter than ${MIN_SECRET_LENGTH} characters`, { kid });
    }
    keys.set(kid, Buffer.from(secret, 'utf8'));
  }
  const signingKid = firstKeyInSource(json);
  if (signingKid === undefined || !keys.has(signingKid)) {
    throw invalid('must hold at least one key');
  }
  return { signingKid, keys };
};
