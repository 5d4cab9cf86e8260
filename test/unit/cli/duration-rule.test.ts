import { duration as cliDuration } from '../../../cli/format-values';
// The web page's module is plain browser JavaScript; jest compiles it like the TypeScript.
import { duration as pageDuration } from '../../../local/web/public/dom.js';
import { formatDuration } from '../../../shared/present/text/format';

// Slack, email, the CLI and the web page show the same run's duration the same way: one rounding rule.
describe('one duration rule', () => {
  const samples = [
    0, 999, 1_000, 59_499, 59_500, 59_999, 60_000, 185_499, 185_500, 3_599_999, 3_600_000, 86_399_999,
  ];
  const days = [86_400_000, 3 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000];

  it.each([...samples, ...days])('%d ms reads the same in email, CLI and web page', (ms) => {
    // Act
    const email = formatDuration(ms);

    // Assess
    expect(cliDuration(ms)).toBe(email);
    expect(pageDuration(ms)).toBe(email);
  });

  it('rounds down, as a clock does: 59.5 s is 59s, not 1m 00s', () => {
    expect(formatDuration(59_500)).toBe('59s');
  });
});
