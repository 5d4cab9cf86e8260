import { htmlHeaders } from '../../../../shared/http/security-headers';

describe('htmlHeaders', () => {
  it('keeps pages with link tokens out of caches and referrers', () => {
    // Act
    const headers = htmlHeaders();

    // Assess
    expect(headers).toEqual(
      expect.objectContaining({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }),
    );
  });

  it('serves UTF-8 HTML that may not be sniffed or framed', () => {
    // Act
    const headers = htmlHeaders();

    // Assess
    expect(headers).toEqual(
      expect.objectContaining({
        'Content-Type': 'text/html; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'DENY',
      }),
    );
  });

  it('allows no scripts, only inline styles and forms posting back to pipegate', () => {
    // Act
    const csp = htmlHeaders()['Content-Security-Policy'];

    // Assess
    expect(csp).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  it('returns a fresh object each time, so one response cannot change the next', () => {
    // Prepare
    const first = htmlHeaders();
    first['Cache-Control'] = 'public';

    // Act
    const second = htmlHeaders();

    // Assess
    expect(second['Cache-Control']).toBe('no-store');
  });
});
