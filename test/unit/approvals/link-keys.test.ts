import { parseLinkKeys } from '../../../shared/approvals/link-keys';
import { PipegateError } from '../../../shared/errors';
import { SECRET_K1, SECRET_K2 } from './link-fixtures';

/** The error thrown by `act`, so tests can look at every field of it. */
const thrownBy = (act: () => unknown): PipegateError => {
  try {
    act();
  } catch (error) {
    if (error instanceof PipegateError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a PipegateError, but nothing was thrown');
};

describe('parseLinkKeys', () => {
  it('signs with the first key and verifies with all of them', () => {
    // Prepare
    const json = JSON.stringify({ k2: SECRET_K2, k1: SECRET_K1 });

    // Act
    const linkKeys = parseLinkKeys(json);

    // Assess
    expect(linkKeys.signingKid).toBe('k2');
    expect([...linkKeys.keys.keys()].sort()).toEqual(['k1', 'k2']);
    expect(linkKeys.keys.get('k1')?.toString('utf8')).toBe(SECRET_K1);
  });

  it('takes the first key as written even when a later kid is all digits', () => {
    // Prepare: JavaScript enumerates integer-like keys first, so `Object.keys` would say '2025'.
    const json = `{"2026":"${SECRET_K2}","2025":"${SECRET_K1}"}`;

    // Act
    const linkKeys = parseLinkKeys(json);

    // Assess
    expect(linkKeys.signingKid).toBe('2026');
  });

  it.each([
    ['unset', undefined],
    ['empty', '  '],
    ['not JSON', '{k1:'],
    ['an array', `["${SECRET_K1}"]`],
    ['an empty object', '{}'],
    ['a non-string secret', '{"k1":12345678901234567890123456789012345}'],
    ['a kid with a dot', `{"k.1":"${SECRET_K1}"}`],
    ['a kid longer than 32 characters', `{"${'k'.repeat(33)}":"${SECRET_K1}"}`],
    ['a secret shorter than 32 characters', '{"k1":"0123456789abcdefghij0123456"}'],
  ])('refuses a value that is %s as INVALID_CONFIG', (_case, json) => {
    // Act
    const error = thrownBy(() => parseLinkKeys(json));

    // Assess
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('PIPEGATE_LINK_KEYS');
  });

  it.each([
    ['broken JSON', '{"k1":"super-secret-value-that-must-not-leak-0001"'],
    ['an unquoted secret', '{"k1":super-secret-value-that-must-not-leak-0001}'],
    ['a short secret', '{"k1":"super-secret-value-leak"}'],
    ['a bad kid', '{"k 1":"super-secret-value-that-must-not-leak-0001"}'],
  ])('never repeats a secret in the error for %s', (_case, json) => {
    // Act
    const error = thrownBy(() => parseLinkKeys(json));

    // Assess
    const everything = JSON.stringify({
      message: error.message,
      details: error.details,
      cause: String(error.cause),
    });
    expect(everything).not.toContain('super-secret');
  });

  it('names the kid whose secret is too short', () => {
    // Act
    const error = thrownBy(() => parseLinkKeys(`{"k1":"${SECRET_K1}","old":"too-short"}`));

    // Assess
    expect(error.details).toEqual(expect.objectContaining({ kid: 'old' }));
  });

  it('keeps a kid of __proto__ as an ordinary key', () => {
    // Act
    const linkKeys = parseLinkKeys(`{"__proto__":"${SECRET_K1}"}`);

    // Assess
    expect(linkKeys.signingKid).toBe('__proto__');
    expect(linkKeys.keys.get('__proto__')?.toString('utf8')).toBe(SECRET_K1);
  });
});
