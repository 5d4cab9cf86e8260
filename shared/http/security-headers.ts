/**
 * No scripts, no frames, no external anything: the pages are plain server-rendered forms. Inline styles are
 * allowed because the pages carry their CSS inline; forms may only post back to us.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Response headers for every HTML page pipegate serves (approval confirm and result pages). Approval links
 * are credentials: `no-store` keeps the page (and its token-carrying form) out of caches, and `no-referrer`
 * keeps the `?t=` URL from leaking to any other site. `X-Robots-Tag` keeps link pages out of indexes.
 *
 * @returns a fresh object, safe for the caller to extend
 * @example
 * ```ts
 * return { statusCode: 200, headers: htmlHeaders(), body: renderConfirmPage(input) };
 * ```
 */
export const htmlHeaders = (): Record<string, string> => ({
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'X-Robots-Tag': 'noindex, nofollow',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
});
